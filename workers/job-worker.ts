import type { Connection } from 'mongoose';
import type {
  ICustomHeaders,
  IInputVariables,
  IOutputVariables,
  ZBClient,
  ZBWorkerTaskHandler,
} from 'zeebe-node';
import type { JobType } from './job-types';

/** What a worker's handler may use; passed in, so a worker runs against a test broker and a test database. */
export interface WorkerDeps {
  zbc: ZBClient;
  mongo: Connection;
  /**
   * The database the projector writes (usertasks, processvariables, …); the same as `mongo` in a deployment,
   * a different one in tests, where each test file has a database of its own. Default: `mongo`.
   */
  projection?: Connection;
  log: (line: string) => void;
  /** The clock, replaceable in tests of deadlines. */
  now: () => Date;
  /**
   * Base of the links sent to customers (config `publicBaseUrl`: GCFLOW_PUBLIC_BASE_URL or the web server's
   * address). Default `http://127.0.0.1:3000`, the local web server's default address.
   */
  publicBaseUrl?: string;
}

/**
 * One job worker: its job type, typed variables and headers, the variables it fetches, and a handler factory.
 * zeebe-node's handler type makes the compiler reject a path that neither completes, fails nor throws.
 */
export interface JobWorker<
  In extends IInputVariables = IInputVariables,
  Headers extends ICustomHeaders = ICustomHeaders,
  Out extends IOutputVariables = IOutputVariables,
> {
  jobType: JobType;
  /** Only these variables are fetched with the job (smaller payloads, no accidental coupling). */
  fetchVariable: (keyof In & string)[];
  /** How long a job stays locked to this worker before the broker hands it out again. Default 30 s. */
  timeoutMs?: number;
  createHandler(deps: WorkerDeps): ZBWorkerTaskHandler<In, Headers, Out>;
}

/** Keeps the type parameters of a worker definition while checking its shape. */
export function defineJobWorker<
  In extends IInputVariables,
  Headers extends ICustomHeaders,
  Out extends IOutputVariables,
>(worker: JobWorker<In, Headers, Out>): JobWorker<In, Headers, Out> {
  return worker;
}
