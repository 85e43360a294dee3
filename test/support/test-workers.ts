import crypto from 'node:crypto';
import type { ZBClient, ZBWorker } from 'zeebe-node';
import type { JobType } from '../../workers/job-types';

/** A fresh id for one test file's instances; pass it as variable `testRun` when starting them. */
export function newRunId(purpose: string): string {
  return `${purpose}-${crypto.randomBytes(4).toString('hex')}`;
}

/** A service job a test worker completed, for assertions on headers and order. */
export interface HandledJob {
  type: string;
  elementId: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  customHeaders: Record<string, string>;
}

/** What an output function sees of the job. */
export interface TestJob extends HandledJob {
  variables: Record<string, unknown>;
}

export type TestOutput = Record<string, unknown> | ((job: TestJob) => Record<string, unknown>);

export interface TestWorkers {
  handled: HandledJob[];
  close(): Promise<void>;
}

/**
 * Stand-ins for the real workers until they exist: complete jobs of the given types with fixed outputs or
 * outputs computed from the job. A job is taken only when it belongs to this test file: its process is in
 * `processes` (when given) and its `testRun` variable equals `runId` (when given; set at start and inherited
 * by called processes). Other jobs are handed straight back (failed with unchanged retries), so test files
 * running side by side on one broker do not complete each other's jobs.
 */
export function startTestWorkers(
  zbc: ZBClient,
  options: {
    jobTypes: readonly JobType[];
    /** bpmnProcessIds whose jobs these workers may complete. */
    processes?: readonly string[];
    /** The `testRun` variable of this file's instances (see {@link newRunId}). */
    runId?: string;
    outputs?: Partial<Record<JobType, TestOutput>>;
  },
): TestWorkers {
  const handled: HandledJob[] = [];
  const mine = (bpmnProcessId: string, variables: Record<string, unknown>) =>
    (!options.processes || options.processes.includes(bpmnProcessId)) &&
    (!options.runId || variables.testRun === options.runId);
  const workers: Array<ZBWorker<Record<string, unknown>, Record<string, string>, Record<string, unknown>>> =
    options.jobTypes.map((taskType) =>
      zbc.createWorker<Record<string, unknown>, Record<string, string>, Record<string, unknown>>({
        taskType,
        loglevel: 'NONE',
        pollInterval: 100,
        taskHandler: (job) => {
          if (!mine(job.bpmnProcessId, job.variables)) {
            return job.fail({
              errorMessage: 'not a job of this test file',
              retries: job.retries,
              retryBackOff: 0,
            });
          }
          const seen: HandledJob = {
            type: job.type,
            elementId: job.elementId,
            bpmnProcessId: job.bpmnProcessId,
            processInstanceKey: job.processInstanceKey,
            customHeaders: job.customHeaders,
          };
          handled.push(seen);
          const output = options.outputs?.[taskType] ?? {};
          return job.complete(
            typeof output === 'function' ? output({ ...seen, variables: job.variables }) : output,
          );
        },
      }),
    );
  return {
    handled,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
