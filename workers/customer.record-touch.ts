import { customerModel } from '../models/customer';
import { customerTouchModel } from '../models/customer-touch';
import { BusinessError } from './business-errors';
import { settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';

export interface RecordTouchIn {
  customerId?: string;
  accountManager?: string;
  personName?: string;
  recipientName?: string;
  touchSummary?: string;
}
export interface RecordTouchHeaders {
  touchKind: string;
}
export interface RecordTouchOut {
  touchRecordId: string;
}

/**
 * `gcflow.customer.record-touch`: appends a touch record to the unified customer view, once per
 * activation. An unknown customer is a business outcome (`CUSTOMER_NOT_FOUND`) the model may catch.
 */
export const recordTouchWorker = defineJobWorker<RecordTouchIn, RecordTouchHeaders, RecordTouchOut>({
  jobType: 'gcflow.customer.record-touch',
  fetchVariable: ['customerId', 'accountManager', 'personName', 'recipientName', 'touchSummary'],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const { customerId } = job.variables;
      if (!customerId || !(await customerModel(deps.mongo).exists({ _id: customerId }))) {
        throw new BusinessError('CUSTOMER_NOT_FOUND', `no customer ${customerId ?? '(none given)'}`);
      }
      const _id = `${job.processInstanceKey}/${job.elementInstanceKey}`;
      const person = job.variables.personName ?? job.variables.recipientName;
      await customerTouchModel(deps.mongo).updateOne(
        { _id },
        {
          $setOnInsert: {
            customerId,
            kind: job.customHeaders.touchKind,
            summary:
              job.variables.touchSummary ?? (person ? `${job.customHeaders.touchKind}: ${person}` : ''),
            by: job.variables.accountManager ?? null,
            processInstanceKey: job.processInstanceKey,
            bpmnProcessId: job.bpmnProcessId,
            at: deps.now(),
          },
        },
        { upsert: true },
      );
      return { touchRecordId: _id };
    }),
});
