import { activationKey, settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';
import { notifyCustomer } from './notify/notifier';
import { customerContact } from './people';

export interface NotifyCustomerIn {
  customerId?: string;
  customerName?: string;
  contactPhone?: string;
  contactEmail?: string;
  slaDueAt?: string;
  resolutionSummary?: string;
}
export interface NotifyCustomerHeaders {
  template: string;
}
export interface NotifyCustomerOut {
  customerNotifiedVia: string[];
}

/**
 * `gcflow.notify.customer`: a progress notice to the customer by SMS and e-mail (通报处理进度), once per
 * activation. A customer without mobile or e-mail is logged, not failed: the staff still see the case.
 */
export const notifyCustomerWorker = defineJobWorker<
  NotifyCustomerIn,
  NotifyCustomerHeaders,
  NotifyCustomerOut
>({
  jobType: 'gcflow.notify.customer',
  fetchVariable: [
    'customerId',
    'customerName',
    'contactPhone',
    'contactEmail',
    'slaDueAt',
    'resolutionSummary',
  ],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const contact = await customerContact(deps.mongo, job.variables);
      const via = await notifyCustomer(deps, contact, {
        idempotencyKey: activationKey(job, job.customHeaders.template),
        template: job.customHeaders.template,
        variables: { ...job.variables },
        processInstanceKey: job.processInstanceKey,
      });
      if (via.length === 0)
        deps.log(`notify.customer ${job.key}: no contact for customer ${job.variables.customerId}`);
      return { customerNotifiedVia: via };
    }),
});
