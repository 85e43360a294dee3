import type { ZBClient } from 'zeebe-node';
import { JOB_WORKERS } from '../../workers';
import type { WorkerDeps } from '../../workers/job-worker';
import type { JobType } from '../../workers/job-types';

/** Real workers of this test file, running side by side with other files' on one broker. */
export interface RealWorkers {
  close(): Promise<void>;
}

/**
 * Starts the real job workers (the registry's handlers, unchanged) for the jobs of one test file: a job is
 * taken only when its `testRun` variable is `runId`; others are handed straight back with unchanged
 * retries, as the stand-in test workers do, so files running at once do not take each other's jobs.
 */
export function startRealWorkers(
  deps: WorkerDeps & { zbc: ZBClient },
  options: { runId: string; only?: readonly JobType[]; except?: readonly JobType[]; timeoutMs?: number },
): RealWorkers {
  const chosen = JOB_WORKERS.filter(
    (w) => (!options.only || options.only.includes(w.jobType)) && !options.except?.includes(w.jobType),
  );
  const running = chosen.map((worker) => {
    const handler = worker.createHandler(deps);
    return deps.zbc.createWorker<Record<string, unknown>, Record<string, string>, Record<string, unknown>>({
      taskType: worker.jobType,
      fetchVariable: [...worker.fetchVariable, 'testRun'],
      timeout: options.timeoutMs ?? 30_000,
      pollInterval: 100,
      loglevel: 'NONE',
      taskHandler: (job, zbWorker) =>
        job.variables.testRun === options.runId
          ? handler(job as never, zbWorker as never)
          : job.fail({ errorMessage: 'not a job of this test file', retries: job.retries, retryBackOff: 0 }),
    });
  });
  return {
    async close() {
      await Promise.all(running.map((w) => w.close()));
    },
  };
}
