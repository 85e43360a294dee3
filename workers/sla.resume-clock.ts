import { ConfigurationError } from './business-errors';
import { settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';
import { findSlaPolicy } from './sla/default-policies';
import { currentCaseRecord, customerWaitTasks, syncCasePauses } from './sla/case-record';
import { loadSlaPolicies } from './sla/policy-store';

export type ResumeClockIn = Record<string, never>;
export type ResumeClockHeaders = Record<string, never>;
/** The moved deadlines, for the timers of the scope the model enters next (`timeDate`). */
export interface ResumeClockOut {
  slaWarnAt: string;
  slaDueAt: string;
  /** Clock time the waits for the customer took out so far. */
  slaPausedMs: number;
}

/**
 * `gcflow.sla.resume-clock`, after a wait for the customer (a user task with `slaPause: customer`): records the
 * wait as a pause of the case clock and moves its deadlines by the working time the wait covered, when the
 * policy pauses. Zeebe cannot move a running timer, so the models put their SLA timers on a scope that the
 * wait leaves and that is entered again after this job: the new timers read the moved `slaWarnAt`/`slaDueAt`.
 */
export const resumeClockWorker = defineJobWorker<ResumeClockIn, ResumeClockHeaders, ResumeClockOut>({
  jobType: 'gcflow.sla.resume-clock',
  fetchVariable: [],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const projection = deps.projection ?? deps.mongo;
      const record = await currentCaseRecord(deps.mongo, job.processInstanceKey);
      if (!record) {
        throw new ConfigurationError(
          `no SLA record for instance ${job.processInstanceKey}: gcflow.sla.compute-deadlines must run before the clock can resume`,
        );
      }
      const waits = await customerWaitTasks(projection, job.processInstanceKey);
      if (!waits.some((w) => w.createdAt.getTime() >= new Date(record.startedAt).getTime())) {
        // the wait that led here is not projected yet: a retry in a second finds it
        throw new Error(`no customer wait of instance ${job.processInstanceKey} in the projection yet`);
      }
      const policy = findSlaPolicy(record.policyId, await loadSlaPolicies(deps.mongo));
      const moved = await syncCasePauses({ mongo: deps.mongo, projection, now: deps.now }, record, policy, {
        reopen: true,
        waitsEnded: true,
      });
      deps.log(
        `sla: ${record._id} resumed after ${moved.pauses.length} wait(s), ${moved.pausedMs} ms paused, due ${moved.dueAt.toISOString()}`,
      );
      return {
        slaWarnAt: moved.warnAt.toISOString(),
        slaDueAt: moved.dueAt.toISOString(),
        slaPausedMs: moved.pausedMs,
      };
    }),
});
