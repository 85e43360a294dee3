import type { ZBWorker } from 'zeebe-node';
import { listKeyCustomersWorker } from './care.list-key-customers';
import { recordTouchWorker } from './customer.record-touch';
import type { JobWorker, WorkerDeps } from './job-worker';
import { archiveKnowledgeWorker } from './knowledge.archive';
import { notifyCustomerWorker } from './notify.customer';
import { notifyStaffWorker } from './notify.staff';
import { generateReportWorker } from './report.generate';
import { updateServiceOpeningWorker } from './service-opening.update-progress';
import { computeDeadlinesWorker } from './sla.compute-deadlines';
import { escalateWorker } from './sla.escalate';
import { recordWarningWorker } from './sla.record-warning';
import { resumeClockWorker } from './sla.resume-clock';
import { dispatchSupportOrderWorker } from './support-order.dispatch';
import { sendSurveyWorker } from './survey.send';

/**
 * The registry: every job worker of gcflow, one line each. A test checks that every job type the models
 * use has a worker here and that every worker here is used by a model.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each worker keeps its own typed variables
export const JOB_WORKERS: JobWorker<any, any, any>[] = [
  computeDeadlinesWorker,
  recordWarningWorker,
  escalateWorker,
  resumeClockWorker,
  generateReportWorker,
  sendSurveyWorker,
  notifyCustomerWorker,
  notifyStaffWorker,
  dispatchSupportOrderWorker,
  archiveKnowledgeWorker,
  recordTouchWorker,
  listKeyCustomersWorker,
  updateServiceOpeningWorker,
];

export interface RunningWorkers {
  close(): Promise<void>;
}

/** Starts one zeebe-node worker per registered job type. */
export function startJobWorkers(deps: WorkerDeps, workers = JOB_WORKERS): RunningWorkers {
  const running: ZBWorker<never, never, never>[] = workers.map(
    (worker) =>
      deps.zbc.createWorker({
        taskType: worker.jobType,
        taskHandler: worker.createHandler(deps),
        fetchVariable: worker.fetchVariable,
        timeout: worker.timeoutMs ?? 30_000,
        failProcessOnException: false,
      }) as unknown as ZBWorker<never, never, never>,
  );
  return {
    async close() {
      await Promise.all(running.map((w) => w.close(5000)));
    },
  };
}
