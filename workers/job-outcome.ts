import type { ICustomHeaders, IInputVariables, IOutputVariables, ZeebeJob } from 'zeebe-node';
import type { JOB_ACTION_ACKNOWLEDGEMENT } from 'zeebe-node/dist/lib/interfaces-1.0';
import { BusinessError, ConfigurationError } from './business-errors';
import type { WorkerDeps } from './job-worker';

/**
 * Back-off before the broker hands a failed job out again: 5 s, 15 s, 45 s, at most 60 s. A job's retries
 * (3 in our models) then span a Mongo or broker outage of half a minute and more: with 1, 2, 4 s they were
 * spent in under 10 s when the driver failed fast ("pool cleared"), and a 10 s outage left incidents (drill 5).
 */
export function retryBackOffMs(retriesLeftBefore: number, maxRetries = 3): number {
  const attempt = Math.max(0, maxRetries - retriesLeftBefore);
  return Math.min(60_000, 5000 * 3 ** attempt);
}

/**
 * Runs a job's work and acknowledges it the one right way: completes with the output; a `BusinessError`
 * becomes a BPMN error (variables `businessErrorCode`, `businessErrorMessage`); a `ConfigurationError` fails with no retries (incident now); anything else fails
 * with one retry fewer and back-off, so a lost broker or Mongo connection heals by itself.
 */
export async function settleJob<
  In extends IInputVariables,
  H extends ICustomHeaders,
  Out extends IOutputVariables,
>(
  job: Readonly<ZeebeJob<In, H, Out>>,
  deps: Pick<WorkerDeps, 'log'>,
  work: () => Promise<Out>,
): Promise<typeof JOB_ACTION_ACKNOWLEDGEMENT> {
  let output: Out;
  try {
    output = await work();
  } catch (err) {
    const where = `${job.type} job ${job.key} (${job.bpmnProcessId}/${job.elementId}, instance ${job.processInstanceKey})`;
    if (err instanceof BusinessError) {
      deps.log(`${where}: business error ${err.code}: ${err.message}`);
      // the catch event's scope gets code and message, for the path after it (a form, a notice)
      return job.error({
        errorCode: err.code,
        errorMessage: err.message,
        variables: { businessErrorCode: err.code, businessErrorMessage: err.message },
      });
    }
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ConfigurationError) {
      deps.log(`${where}: configuration error, no retry: ${message}`);
      return job.fail({ errorMessage: message, retries: 0 });
    }
    const retries = Math.max(0, job.retries - 1);
    deps.log(`${where}: failed (${retries} retries left): ${message}`);
    return job.fail({ errorMessage: message, retries, retryBackOff: retryBackOffMs(job.retries) });
  }
  return job.complete(output);
}

/** Idempotency key of one activation of an element: the same for a retried job, new for a loop's next round. */
export function activationKey(
  job: { processInstanceKey: string; elementInstanceKey: string },
  kind: string,
): string {
  return `${job.processInstanceKey}/${job.elementInstanceKey}/${kind}`;
}
