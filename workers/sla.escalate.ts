import { slaRecordModel } from '../models/sla-record';
import { BusinessError, ConfigurationError } from './business-errors';
import { activationKey, settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';
import { notifyStaff } from './notify/notifier';
import { managerOf, managersAt } from './people';
import { caseTask, currentCaseRecord } from './sla/case-record';
import { loadSlaPolicies } from './sla/policy-store';

export interface EscalateIn {
  city?: string;
  customerName?: string;
}
/** `level`: the management level escalated to, `city` or `province` (grave complaints). */
export interface EscalateHeaders {
  level: 'city' | 'province';
}
export interface EscalateOut {
  escalatedTo: string[];
  escalatedLevel: 'city' | 'province';
  slaBreachedAt: string;
}

/**
 * `gcflow.sla.escalate`, run after the interrupting timer at `slaDueAt`: records the breach on the case SLA
 * record (when, who held the task, the level) and tells the managers of that level and the holder's manager.
 * No active manager at the level or above is a business outcome (`NO_ESCALATION_TARGET`, after the breach is
 * recorded), which the complaint model catches.
 */
export const escalateWorker = defineJobWorker<EscalateIn, EscalateHeaders, EscalateOut>({
  jobType: 'gcflow.sla.escalate',
  fetchVariable: ['city', 'customerName'],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const level = job.customHeaders.level;
      if (level !== 'city' && level !== 'province') {
        throw new ConfigurationError(`header level must be "city" or "province", not "${String(level)}"`);
      }
      const projection = deps.projection ?? deps.mongo;
      const record = await currentCaseRecord(deps.mongo, job.processInstanceKey);
      if (!record) {
        throw new ConfigurationError(
          `no SLA record for instance ${job.processInstanceKey}: gcflow.sla.compute-deadlines must run before the breach timer`,
        );
      }
      const managers = await managersAt(deps.mongo, level, job.variables.city);
      const ownPolicies = new Set((await loadSlaPolicies(deps.mongo)).map((p) => p.id));
      const task = await caseTask(projection, record, ownPolicies);
      const holder = task?.assignee ?? null;
      const holderManager = await managerOf(deps.mongo, holder);
      const escalatedTo = [...new Set([...managers, ...(holderManager ? [holderManager] : [])])];
      const records = slaRecordModel(deps.mongo);
      const now = deps.now();
      // the breach is recorded whoever can be told; the first breach time and holder stay, a retry only
      // completes what is missing
      await records.updateOne(
        { _id: record._id, breachedAt: null },
        { $set: { breachedAt: now, holderAtBreach: holder } },
      );
      await records.updateOne(
        { _id: record._id },
        { $set: { state: 'breached', met: false, escalationLevel: level, escalatedTo } },
      );
      if (managers.length === 0) {
        throw new BusinessError(
          'NO_ESCALATION_TARGET',
          `no active manager at ${level} level for ${job.variables.city ?? 'the case'}: the breach is recorded, nobody was told`,
        );
      }
      await notifyStaff(deps, escalatedTo, {
        idempotencyKey: activationKey(job, 'sla-escalation'),
        template: 'sla-breach',
        variables: {
          what: `${job.variables.customerName ?? ''} ${task?.elementId ?? job.bpmnProcessId}`.trim(),
          slaDueAt: record.dueAt.toISOString(),
          level,
          levelZh: level === 'city' ? '地市' : '省公司',
        },
        processInstanceKey: job.processInstanceKey,
      });
      const breached = (await records.findById(record._id).lean())!;
      return {
        escalatedTo,
        escalatedLevel: level,
        slaBreachedAt: (breached.breachedAt ?? now).toISOString(),
      };
    }),
});
