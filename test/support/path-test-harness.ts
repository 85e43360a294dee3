import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import type { JobType } from '../../workers/job-types';
import { ProcessDriver, deployProcessFolders } from './process-driver';
import { connectProjection, createZeebeClient } from './stack';
import {
  newRunId,
  startTestWorkers,
  type HandledJob,
  type TestOutput,
  type TestWorkers,
} from './test-workers';

export interface PathTestOptions {
  /** Process folders of processes/ to deploy, callees first; the last is the process under test. */
  processes: readonly string[];
  /** Job types the stand-in test workers complete. */
  jobTypes: readonly JobType[];
  /** When given, the test workers take only jobs of these bpmnProcessIds. */
  workerProcesses?: readonly string[];
  outputs?: Partial<Record<JobType, TestOutput>>;
}

export interface PathTestHarness {
  /** The `testRun` variable of this file's instances; the driver sets it on every start. */
  readonly runId: string;
  readonly zbc: ZBClient;
  readonly projection: Connection;
  readonly workers: TestWorkers;
  readonly driver: ProcessDriver;
  /** The service jobs the test workers completed at `elementId` of instance `key`, in order. */
  handledAt(key: string, elementId: string): HandledJob[];
}

/**
 * The setup every process path test shares, registered as the file's beforeAll/afterAll: a Zeebe client,
 * the projection, the deployed processes, stand-in workers for this file's run only, and the driver.
 * Call it at the top of the describe block; read the fields inside tests (they exist once beforeAll ran).
 */
export function usePathTestHarness(options: PathTestOptions): PathTestHarness {
  const runId = newRunId(options.processes[options.processes.length - 1] ?? 'path-test');
  let zbc: ZBClient | undefined;
  let projection: Connection | undefined;
  let workers: TestWorkers | undefined;
  let driver: ProcessDriver | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('path-test harness used before its beforeAll ran');
    return value;
  };

  beforeAll(async () => {
    zbc = createZeebeClient();
    projection = await connectProjection();
    await deployProcessFolders(zbc, [...options.processes]);
    workers = startTestWorkers(zbc, {
      jobTypes: options.jobTypes,
      processes: options.workerProcesses,
      runId,
      outputs: options.outputs,
    });
    driver = new ProcessDriver(zbc, projection, runId);
  });

  // closes what a failed beforeAll did open, so jest is not kept waiting on a client
  afterAll(async () => {
    await workers?.close();
    await zbc?.close();
    await projection?.close();
  });

  return {
    runId,
    get zbc() {
      return ready(zbc);
    },
    get projection() {
      return ready(projection);
    },
    get workers() {
      return ready(workers);
    },
    get driver() {
      return ready(driver);
    },
    handledAt: (key, elementId) =>
      ready(workers).handled.filter((j) => j.processInstanceKey === key && j.elementId === elementId),
  };
}
