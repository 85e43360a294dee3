import { customerModel, type CARE_LEVELS, type Customer } from '../models/customer';
import { settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';

/** A person's care level as the key-customer-care model routes on it (`keyPerson.level`). */
export type CareLevel = (typeof CARE_LEVELS)[number];

/** One key customer for the quarterly care run, with the people to care for. */
export interface KeyCustomer {
  customerId: string;
  customerName: string;
  industry: string;
  city: string;
  accountManager: string | null;
  keyPeople: { name: string; level: CareLevel; title: string }[];
}
export interface ListKeyCustomersIn {
  /** Only this city's key customers; all when not set. */
  careCity?: string;
}
export type ListKeyCustomersHeaders = Record<string, never>;
export interface ListKeyCustomersOut {
  keyCustomers: KeyCustomer[];
}

/** The fields of a stored customer (`customers`) the care run reads. */
export type StoredKeyCustomer = Pick<Customer, 'name' | 'industry' | 'city' | 'accountManager'> & {
  _id: string;
  people: readonly { name: string; title?: string | null; careLevel: string }[];
};

/**
 * A stored customer as the care model reads it. The level passes through unchanged: the customer model's
 * `CARE_LEVELS` are the values Gateway_PersonLevel tests (`other` takes the default flow to the greeting);
 * care.list-key-customers.test.ts holds the two together.
 */
export function toKeyCustomer(c: StoredKeyCustomer): KeyCustomer {
  return {
    customerId: c._id,
    customerName: c.name?.zh ?? c._id,
    industry: c.industry,
    city: c.city,
    accountManager: c.accountManager ?? null,
    keyPeople: c.people.map((p) => ({ name: p.name, level: p.careLevel as CareLevel, title: p.title ?? '' })),
  };
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
      return { keyCustomers: customers.map(toKeyCustomer) };
    }),
});
