import { customerModel } from '../models/customer';
import { settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';

/** One key customer for the quarterly care run, with the people to care for. */
export interface KeyCustomer {
  customerId: string;
  customerName: string;
  industry: string;
  city: string;
  accountManager: string | null;
  keyPeople: { name: string; level: string }[];
}
export interface ListKeyCustomersIn {
  /** Only this city's key customers; all when not set. */
  careCity?: string;
}
export type ListKeyCustomersHeaders = Record<string, never>;
export interface ListKeyCustomersOut {
  keyCustomers: KeyCustomer[];
}

/** `gcflow.care.list-key-customers`: the key customers and their four levels of people (read only). */
export const listKeyCustomersWorker = defineJobWorker<
  ListKeyCustomersIn,
  ListKeyCustomersHeaders,
  ListKeyCustomersOut
>({
  jobType: 'gcflow.care.list-key-customers',
  fetchVariable: ['careCity'],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const customers = await customerModel(deps.mongo)
        .find({ keyCustomer: true, ...(job.variables.careCity ? { city: job.variables.careCity } : {}) })
        .sort({ _id: 1 })
        .lean();
      return {
        keyCustomers: customers.map((c) => ({
          customerId: c._id,
          customerName: c.name?.zh ?? c._id,
          industry: c.industry,
          city: c.city,
          accountManager: c.accountManager ?? null,
          keyPeople: c.people.map((p) => ({ name: p.name, level: p.careLevel })),
        })),
      };
    }),
});
