import mongoose, { type Connection } from 'mongoose';
import { ZBClient } from 'zeebe-node';
import { mongoConnectionOptions } from '../models/connection-options';
import { customerModel } from '../models/customer';
import { customerTouchModel } from '../models/customer-touch';
import { incidentModel } from '../models/incident';
import { creditCodeCheckCharacter } from '../models/unified-social-credit-code';
import { deployOneTaskProcess } from '../test/support/one-task-process';
import { ProcessDriver } from '../test/support/process-driver';
import { startRealWorkers, type RealWorkers } from '../test/support/real-workers';
import {
  connectProjection,
  connectTestDatabase,
  createZeebeClient,
  stackEnv,
  waitFor,
} from '../test/support/stack';
import { startTcpProxy, type TcpProxy } from '../test/support/tcp-proxy';
import { newRunId } from '../test/support/test-workers';

const PROCESS = 'test-worker-robustness';
const CUSTOMER = (() => {
  const first17 = '91440101MA59RBWT1';
  return `${first17}${creditCodeCheckCharacter(first17)}`;
})();
const RETRIES = 2;

/**
 * Robustness of a real worker (gcflow.customer.record-touch, which reads and writes Mongo) on the real broker
 * and FerretDB, reached through TCP proxies the test cuts: a lost Mongo or broker connection heals by itself,
 * and retries that run out leave an incident with the worker's message.
 */
describe('worker robustness', () => {
  let zbc: ZBClient;
  let projection: Connection;
  let mongo: Connection;
  const closing: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    zbc = createZeebeClient();
    projection = await connectProjection();
    mongo = await connectTestDatabase('robustness');
    await customerModel(mongo).create({
      _id: CUSTOMER,
      name: { zh: '广州南站' },
      industry: 'transport',
      city: 'gz',
    });
    await deployOneTaskProcess(zbc, {
      bpmnProcessId: PROCESS,
      jobType: 'gcflow.customer.record-touch',
      headers: { touchKind: 'robustness-test' },
      retries: RETRIES,
    });
  });

  afterAll(async () => {
    for (const close of closing.reverse()) await close().catch(() => undefined);
    await zbc?.close();
    await mongo?.db?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await projection?.close();
  });

  /** A Mongo connection to this file's database through a proxy. */
  async function mongoThroughProxy(): Promise<{ proxy: TcpProxy; conn: Connection; events: string[] }> {
    const target = new URL(stackEnv().mongoUri);
    const proxy = await startTcpProxy(`${target.hostname}:${target.port}`);
    const conn = await mongoose
      .createConnection(`mongodb://${proxy.address}/`, mongoConnectionOptions(mongo.db!.databaseName))
      .asPromise();
    const events: string[] = [];
    for (const event of ['disconnected', 'reconnected', 'connected'])
      conn.on(event, () => events.push(event));
    closing.push(
      () => conn.close(true),
      () => proxy.close(),
    );
    return { proxy, conn, events };
  }

  function workersFor(runId: string, deps: { zbc: ZBClient; mongo: Connection }, log: string[]): RealWorkers {
    const workers = startRealWorkers(
      { ...deps, projection, log: (l) => log.push(l), now: () => new Date() },
      { runId, only: ['gcflow.customer.record-touch'], timeoutMs: 30_000 },
    );
    closing.push(() => workers.close());
    return workers;
  }

  const touches = (key: string) => customerTouchModel(mongo).countDocuments({ processInstanceKey: key });

  it('given the worker loses Mongo, when it comes back, then the job completes once with no incident', async () => {
    const runId = newRunId('robust-mongo');
    const { proxy, conn, events } = await mongoThroughProxy();
    const log: string[] = [];
    workersFor(runId, { zbc, mongo: conn }, log);
    const driver = new ProcessDriver(zbc, projection, runId);

    await proxy.cut();
    const key = await driver.start(PROCESS, { customerId: CUSTOMER });
    await waitFor(() => events.includes('disconnected'), {
      what: 'the worker connection to notice Mongo is gone',
    });
    // the job is handed out and its Mongo work cannot finish meanwhile
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await touches(key)).toBe(0);
    await proxy.restore();

    await driver.completed(key);
    expect(await touches(key)).toBe(1);
    expect(events).toContain('reconnected');
    expect(await incidentModel(projection).countDocuments({ processInstanceKey: key })).toBe(0);
  }, 90_000);

  it('given the worker loses the broker, when it comes back, then the worker takes and completes the job by itself', async () => {
    const runId = newRunId('robust-broker');
    const proxy = await startTcpProxy(stackEnv().zeebeAddress);
    closing.push(() => proxy.close());
    const workerZbc = new ZBClient(proxy.address, {
      loglevel: 'NONE',
      retry: true,
      maxRetries: 50,
      longPoll: 2000,
    });
    closing.push(() => workerZbc.close());
    const log: string[] = [];
    workersFor(runId, { zbc: workerZbc, mongo }, log);
    const driver = new ProcessDriver(zbc, projection, runId);

    await proxy.cut();
    const key = await driver.start(PROCESS, { customerId: CUSTOMER });
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await touches(key)).toBe(0);
    await proxy.restore();

    await waitFor(async () => (await touches(key)) === 1, { what: `the touch of ${key}`, timeoutMs: 60_000 });
    await driver.completed(key);
    expect(await touches(key)).toBe(1);
  }, 120_000);

  it('given Mongo stays away, when the retries run out, then an incident carries the worker message', async () => {
    const runId = newRunId('robust-incident');
    const { proxy, conn } = await mongoThroughProxy();
    const log: string[] = [];
    workersFor(runId, { zbc, mongo: conn }, log);
    const driver = new ProcessDriver(zbc, projection, runId);
    await proxy.cut();

    const key = await driver.start(PROCESS, { customerId: CUSTOMER });
    const incident = await waitFor(
      () => incidentModel(projection).findOne({ processInstanceKey: key, state: 'open' }).lean(),
      { what: `the incident of ${key}`, timeoutMs: 90_000 },
    );
    const failures = log.filter((l) => l.includes(`instance ${key}`) && l.includes('failed ('));
    // one failure per retry, counted down to none
    expect(failures.map((l) => /\((\d+) retries left\)/.exec(l)?.[1])).toEqual(['1', '0']);
    const lastMessage = failures.at(-1)!.split('retries left): ')[1]!;
    expect(incident).toMatchObject({ elementId: 'Task_Work', errorType: 'JOB_NO_RETRIES' });
    expect(incident.errorMessage).toBe(lastMessage);
    expect(incident.errorMessage).toMatch(/customers|timed out|connect/i);
    expect(await touches(key)).toBe(0);
  }, 120_000);
});
