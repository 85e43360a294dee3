import { slaRecordModel } from '../models/sla-record';
import { ConfigurationError } from './business-errors';
import { settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';
import { notifyStaff } from './notify/notifier';
import { managerOf, managersAt } from './people';
import { caseTask, currentCaseRecord } from './sla/case-record';
import { loadSlaPolicies } from './sla/policy-store';

/** Variables read for the notice. */
export interface RecordWarningIn {
  city?: string;
  customerName?: string;
  slaDueAt?: string;
}
/** `slaPolicy`: the model's policy, for the record's reader; the deadlines come from the SLA record. */
export interface RecordWarningHeaders {
  slaPolicy?: string;
}
export interface RecordWarningOut {
  slaWarnedAt: string;
}

/**
 * `gcflow.sla.record-warning`, run from a non-interrupting timer at `slaWarnAt`: marks the case SLA record
 * at risk with the time of the warning and tells whoever holds the task and their manager (the city's
 * managers when the task is still unassigned). Warned once per record, and told once per record.
 */
export const recordWarningWorker = defineJobWorker<RecordWarningIn, RecordWarningHeaders, RecordWarningOut>({
  jobType: 'gcflow.sla.record-warning',
  fetchVariable: ['city', 'customerName', 'slaDueAt'],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const projection = deps.projection ?? deps.mongo;
      const record = await currentCaseRecord(deps.mongo, job.processInstanceKey);
      if (!record) {
        throw new ConfigurationError(
          `no SLA record for instance ${job.processInstanceKey}: gcflow.sla.compute-deadlines must run before the warning timer`,
        );
      }
      const records = slaRecordModel(deps.mongo);
      await records.updateOne(
        { _id: record._id, warnedAt: null },
        { $set: { warnedAt: deps.now(), ...(record.breachedAt ? {} : { state: 'at-risk' }) } },
      );
      const ownPolicies = new Set((await loadSlaPolicies(deps.mongo)).map((p) => p.id));
      const task = await caseTask(projection, record, ownPolicies);
      const holder = task?.assignee ?? null;
      const manager = await managerOf(deps.mongo, holder);
      const recipients = [
        ...(holder ? [holder] : []),
        ...(manager ? [manager] : await managersAt(deps.mongo, 'city', job.variables.city)),
      ];
      await notifyStaff(deps, recipients, {
        // once per record: after a wait for the customer the re-entered timer fires again at the moved time
        idempotencyKey: `sla/${record._id}/warning`,
        template: 'sla-warning',
        variables: {
          what: `${job.variables.customerName ?? ''} ${task?.elementId ?? job.bpmnProcessId}`.trim(),
          slaDueAt: record.dueAt.toISOString(),
        },
        processInstanceKey: job.processInstanceKey,
      });
      const warned = (await records.findById(record._id).lean())!;
      return { slaWarnedAt: (warned.warnedAt ?? deps.now()).toISOString() };
    }),
});
