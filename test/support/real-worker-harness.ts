import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../../workers/job-worker';
import type { JobType } from '../../workers/job-types';
import { deployOneTaskProcess, type OneTaskProcess } from './one-task-process';
import { ProcessDriver, deployProcessFolders } from './process-driver';
import { startRealWorkers, type RealWorkers } from './real-workers';
import { connectProjection, connectTestDatabase, createZeebeClient } from './stack';
import { newRunId } from './test-workers';

export interface RealWorkerTestOptions {
  /** Names this file's run and its database. */
  purpose: string;
  /** Process folders of processes/ to deploy, callees first. */
  processes?: readonly string[];
  /** Processes made for the test: one service task each. */
  oneTaskProcesses?: readonly OneTaskProcess[];
  /** Fills the file's database before the workers start (staff, customers, test policies). */
  seed?: (mongo: Connection) => Promise<unknown>;
  /** Only these real workers; all when not given. */
  only?: readonly JobType[];
  /** Extra dependencies of the workers (e.g. `publicBaseUrl`). */
  deps?: Partial<Pick<WorkerDeps, 'publicBaseUrl' | 'now'>>;
  /** Job lock timeout of the workers; 5 s by default, so a lost job comes back soon. */
  timeoutMs?: number;
}

export interface RealWorkerHarness {
  /** The `testRun` variable of this file's instances; the driver sets it on every start. */
  readonly runId: string;
  readonly zbc: ZBClient;
  readonly projection: Connection;
  /** This file's own database: the workers' data. */
  readonly mongo: Connection;
  readonly driver: ProcessDriver;
  /** What the workers logged. */
  readonly log: string[];
  /** Worker dependencies as the file's workers got them, for pollers and services of the test. */
  deps(): WorkerDeps & { projection: Connection };
  /** A variable of the instance's root scope as projected. */
  rootVariable(processInstanceKey: string, name: string): Promise<unknown>;
}

/**
 * The setup the real-worker tests share, registered as the file's beforeAll/afterAll: a Zeebe client, the
 * projection, a database of the file's own, the deployed processes, the registry's real workers for this
 * file's run only, and the driver. Read the fields inside tests (they exist once beforeAll ran).
 */
export function useRealWorkerHarness(options: RealWorkerTestOptions): RealWorkerHarness {
  const runId = newRunId(options.purpose);
  const log: string[] = [];
  let zbc: ZBClient | undefined;
  let projection: Connection | undefined;
  let mongo: Connection | undefined;
  let workers: RealWorkers | undefined;
  let driver: ProcessDriver | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('real-worker harness used before its beforeAll ran');
    return value;
  };
  const deps = () => ({
    zbc: ready(zbc),
    mongo: ready(mongo),
    projection: ready(projection),
    log: (line: string) => log.push(line),
    now: () => new Date(),
    ...options.deps,
  });

  beforeAll(async () => {
    zbc = createZeebeClient();
    projection = await connectProjection();
    mongo = await connectTestDatabase(options.purpose);
    await options.seed?.(mongo);
    await deployProcessFolders(zbc, [...(options.processes ?? [])]);
    for (const p of options.oneTaskProcesses ?? []) await deployOneTaskProcess(zbc, p);
    workers = startRealWorkers(deps(), { runId, only: options.only, timeoutMs: options.timeoutMs ?? 5000 });
    driver = new ProcessDriver(zbc, projection, runId);
  });

  // closes what a failed beforeAll did open, so jest is not kept waiting on a client
  afterAll(async () => {
    await workers?.close();
    await zbc?.close();
    await mongo?.db?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await projection?.close();
  });

  return {
    runId,
    log,
    deps,
    get zbc() {
      return ready(zbc);
    },
    get projection() {
      return ready(projection);
    },
    get mongo() {
      return ready(mongo);
    },
    get driver() {
      return ready(driver);
    },
    async rootVariable(processInstanceKey: string, name: string) {
      const variable = await ready(projection)
        .collection<{ value?: unknown }>('processvariables')
        .findOne({ processInstanceKey, scopeKey: processInstanceKey, name });
      return variable?.value;
    },
  };
}
