import { slaRecordModel } from '../models/sla-record';
import { ConfigurationError } from './business-errors';
import { settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';
import { selectSlaPolicy } from './sla/default-policies';
import { businessCalendar, loadSlaPolicies } from './sla/policy-store';
import { computeDeadlines } from './sla/sla-policy';

/** Variables read: the policy (e.g. from the complaint-routing decision) and where the case is. */
export interface ComputeDeadlinesIn {
  slaPolicy?: string;
  city?: string;
  customerId?: string;
}
/** `slaPolicy`: the model's default policy id, used when no variable names one. */
export interface ComputeDeadlinesHeaders {
  slaPolicy?: string;
}
/** ISO-8601 deadlines for the model's timer boundary events (`timeDate`). */
export interface ComputeDeadlinesOut {
  slaWarnAt: string;
  slaDueAt: string;
  slaResponseDueAt: string;
  slaPolicyId: string;
}

/**
 * `gcflow.sla.compute-deadlines`: deadlines of the case from its policy and the business calendar, and the
 * SLA record that the warning and escalation workers complete. A retried job returns the deadlines it
 * recorded the first time, so the timers do not move.
 */
export const computeDeadlinesWorker = defineJobWorker<
  ComputeDeadlinesIn,
  ComputeDeadlinesHeaders,
  ComputeDeadlinesOut
>({
  jobType: 'gcflow.sla.compute-deadlines',
  fetchVariable: ['slaPolicy', 'city', 'customerId'],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const policies = await loadSlaPolicies(deps.mongo);
      let policy;
      try {
        policy = selectSlaPolicy(
          { variable: job.variables.slaPolicy, header: job.customHeaders.slaPolicy },
          policies,
        );
      } catch (err) {
        throw new ConfigurationError((err as Error).message);
      }
      const startedAt = deps.now();
      const deadlines = computeDeadlines(policy, businessCalendar(), startedAt);
      const records = slaRecordModel(deps.mongo);
      const _id = `case/${job.elementInstanceKey}`;
      await records.updateOne(
        { _id },
        {
          $setOnInsert: {
            subject: 'case',
            processInstanceKey: job.processInstanceKey,
            bpmnProcessId: job.bpmnProcessId,
            elementId: job.elementId,
            policyId: policy.id,
            calendarId: deadlines.calendarId,
            startedAt,
            warnAt: deadlines.warnAt,
            dueAt: deadlines.dueAt,
            city: job.variables.city ?? null,
            warnings: [...deadlines.warnings],
          },
        },
        { upsert: true },
      );
      const record = (await records.findById(_id).lean())!;
      for (const warning of deadlines.warnings) deps.log(`sla: ${warning}`);
      return {
        slaWarnAt: record.warnAt.toISOString(),
        slaDueAt: record.dueAt.toISOString(),
        slaResponseDueAt: deadlines.responseDueAt.toISOString(),
        slaPolicyId: record.policyId,
      };
    }),
});
