import crypto from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { processDefinitionModel } from '../../../models/process-definition';
import { processInstanceModel } from '../../../models/process-instance';
import { userTaskModel } from '../../../models/user-task';
import {
  connectProjection,
  connectTestDatabase,
  createZeebeClient,
  stackEnv,
  waitFor,
} from '../../../test/support/stack';
import { storeDeployedDefinitions } from '../processes/deployed-resources';
import { startProjector, type Projector } from '.';
import { PROJECTED_STREAMS } from './record-changes';

/** Start → user task `review` → end, with a process id of its own. */
const reviewModel = (id: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d-${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="to-review" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="审核 Review" />
    <bpmn:sequenceFlow id="to-end" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

/**
 * The projector against the real exporter stream: each test uses a consumer group and a database of its
 * own, so it projects the whole stream independently of the global projector.
 */
describe('projector', () => {
  let zbc: ZBClient;
  let db: Connection;
  const redisClients: Redis[] = [];
  const groups: string[] = [];
  const running: Projector[] = [];

  const newRedis = () => {
    const client = new Redis(stackEnv().redisUrl, { maxRetriesPerRequest: null });
    redisClients.push(client);
    return client;
  };
  const project = async (group: string, consumer: string, claimIdleMs?: number, batchSize?: number) => {
    const projector = await startProjector({
      redis: newRedis(),
      mongo: db,
      group,
      consumer,
      claimIdleMs,
      batchSize,
    });
    running.push(projector);
    return projector;
  };
  /**
   * A consumer group that starts at the streams' current end: it projects what the test does, not the whole
   * history of the run, so the test takes as long early in a suite as late in it.
   */
  const newGroup = async () => {
    const group = `projector-test-${crypto.randomBytes(3).toString('hex')}`;
    groups.push(group);
    const admin = newRedis();
    for (const stream of PROJECTED_STREAMS) await admin.xgroup('CREATE', stream, group, '$', 'MKSTREAM');
    return group;
  };
  // the smoke model waits at its service task: no worker serves `local-stack-smoke.prepare` in this file
  const startInstance = async () =>
    (await zbc.createProcessInstance({ bpmnProcessId: 'local-stack-smoke', variables: {} }))
      .processInstanceKey;
  const instanceState = async (key: string) => (await processInstanceModel(db).findById(key).lean())?.state;

  beforeAll(async () => {
    zbc = createZeebeClient();
    db = await connectTestDatabase('projector');
    await zbc.deployResource({
      processFilename: path.join(__dirname, '../../../test/local-stack.smoke.bpmn'),
    });
  });

  // one projector per test: a projector left running from an earlier test would write the same database
  // concurrently, and its unguarded summary updates could race the test's own projector
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
  });

  afterAll(async () => {
    const admin = newRedis();
    // a forgotten group would keep the exporter from trimming what it acknowledged
    for (const group of groups)
      for (const stream of PROJECTED_STREAMS) await admin.xgroup('DESTROY', stream, group);
    redisClients.forEach((c) => c.disconnect());
    await db.dropDatabase();
    await db.close();
    await zbc.close();
  });

  it('given a projector stopped while the engine ran on, when it restarts, then it catches up', async () => {
    const group = await newGroup();
    const first = await project(group, 'replica-a');
    const before = await startInstance();
    await waitFor(async () => (await instanceState(before)) === 'ACTIVE', { what: 'the first instance' });
    await first.stop();

    const whileDown = await startInstance();
    await zbc.cancelProcessInstance(before);

    await project(group, 'replica-a');
    await waitFor(async () => (await instanceState(whileDown)) === 'ACTIVE', {
      what: 'the instance started while down',
    });
    await waitFor(async () => (await instanceState(before)) === 'TERMINATED', {
      what: 'the cancellation while down',
    });
  });

  it('given every record redelivered into the same projection, then nothing changes', async () => {
    const group = await newGroup();
    // made now, read later: it will redeliver everything the first group projects in this test
    const replay = await newGroup();
    await project(group, 'replica-a');
    const canceled = await startInstance();
    await zbc.cancelProcessInstance(canceled);
    // the batch that ends the instance also counts it into the roll-ups (marking it rolledUp): snapshot after that
    await waitFor(
      async () => {
        const row = await processInstanceModel(db).findById(canceled).lean();
        return row?.state === 'TERMINATED' && (row as { rolledUp?: boolean }).rolledUp === true;
      },
      { what: 'the cancellation, rolled up' },
    );
    const snapshot = await processInstanceModel(db).find().sort({ _id: 1 }).lean();

    // the second group reads every record of the test again: an at-least-once redelivery of everything
    const replaying = await project(replay, 'replica-b');
    await waitFor(() => replaying.recordsProjected() > 0 && replaying.lagMs() >= 0, { what: 'the replay' });
    const admin = newRedis();
    await waitFor(
      async () => {
        for (const stream of PROJECTED_STREAMS) {
          const groupsInfo = (await admin.xinfo('GROUPS', stream)) as unknown[][];
          const info = groupsInfo.find((g) => g[1] === replay);
          const lag = info ? Number(info[info.indexOf('lag') + 1]) : 1;
          const pending = info ? Number(info[info.indexOf('pending') + 1]) : 1;
          if (lag !== 0 || pending !== 0) return false;
        }
        return true;
      },
      { what: 'the replay to reach the end of every stream' },
    );
    expect(await processInstanceModel(db).find().sort({ _id: 1 }).lean()).toEqual(snapshot);
    expect(await instanceState(canceled)).toBe('TERMINATED');
  });

  /** Deploys a model of its own, after the test's group was made: the group projects its definition too. */
  const deployReviewModel = async () => {
    const bpmnProcessId = `projector-derived-${crypto.randomBytes(3).toString('hex')}`;
    await zbc.deployResource({
      name: `${bpmnProcessId}.bpmn`,
      process: Buffer.from(reviewModel(bpmnProcessId)),
    });
    return bpmnProcessId;
  };
  const customerOf = (i: number) => ({
    city: 'gz',
    customerId: `91440101MA59DERIV${i}`,
    customerName: `客户 ${i}`,
    industry: 'transport',
  });
  const startForCustomer = async (bpmnProcessId: string, i: number) =>
    (await zbc.createProcessInstance({ bpmnProcessId, variables: customerOf(i) })).processInstanceKey;
  // polled as fast as FerretDB answers: a document written first and derived after would be caught bare
  const firstSeen = <T>(read: () => Promise<T | null>, what: string) =>
    waitFor(read, { what, intervalMs: 1 });

  /** The instance, then its task, each as first seen: with the customer context, name and summary. */
  const expectDerivedFromFirstSight = async (key: string, i: number) => {
    const instance = await firstSeen(() => processInstanceModel(db).findById(key).lean(), `instance ${key}`);
    expect(instance).toMatchObject(customerOf(i));
    const task = await firstSeen(
      () => userTaskModel(db).findOne({ processInstanceKey: key }).lean(),
      `the review task of ${key}`,
    );
    expect(task).toMatchObject({ name: '审核 Review', city: 'gz', customerId: customerOf(i).customerId });
    // the instance is written before its task: a reader who sees the task sees the instance at it
    expect((await processInstanceModel(db).findById(key).lean())?.activeElementIds).toEqual(['review']);
  };

  it('given instances started with customer variables, then a reader sees each instance and task with its derived fields from the first moment', async () => {
    const group = await newGroup();
    await project(group, 'replica-a');
    const bpmnProcessId = await deployReviewModel();
    for (const i of [1, 2, 3, 4, 5]) {
      const key = await startForCustomer(bpmnProcessId, i);
      await expectDerivedFromFirstSight(key, i);
      await zbc.cancelProcessInstance(key);
      const ended = await firstSeen(async () => {
        const row = await processInstanceModel(db).findById(key).lean();
        return row?.state === 'TERMINATED' ? row : null;
      }, `the cancellation of ${key}`);
      expect(ended.durationMs).toBe(ended.endedAt!.getTime() - ended.startedAt!.getTime());
      expect(ended.activeElementIds).toEqual([]);
    }
  });

  it('given a backlog read in slices that COUNT cuts off (2 per stream), then still no instance or task is seen before its derived fields', async () => {
    const group = await newGroup();
    const bpmnProcessId = await deployReviewModel();
    const keys: string[] = [];
    for (const i of [1, 2, 3, 4, 5]) keys.push(await startForCustomer(bpmnProcessId, i));
    // the suite's own projector has the tasks: every record up to them is in the streams
    const suiteProjection = await connectProjection();
    try {
      for (const key of keys)
        await waitFor(() => userTaskModel(suiteProjection).findOne({ processInstanceKey: key }).lean(), {
          what: `the task of ${key} in the suite's projection`,
        });
    } finally {
      await suiteProjection.close();
    }
    await project(group, 'replica-a', undefined, 2);
    await Promise.all(keys.map((key, i) => expectDerivedFromFirstSight(key, i + 1)));
  });

  it('given a consumer that took records and died, when another consumer runs, then it takes them over', async () => {
    const group = await newGroup();
    const admin = newRedis();
    const key = await startInstance();
    // the crashed replica: it read the instance's records and never acknowledged them
    await waitFor(
      async () => {
        const taken = (await admin.xreadgroup(
          'GROUP',
          group,
          'crashed-replica',
          'COUNT',
          1000,
          'STREAMS',
          ...PROJECTED_STREAMS,
          ...PROJECTED_STREAMS.map(() => '>'),
        )) as unknown[] | null;
        return taken !== null && taken.length > 0;
      },
      { what: 'the crashed replica to take records' },
    );
    await project(group, 'healthy-replica', 300);
    await waitFor(async () => (await instanceState(key)) === 'ACTIVE', {
      what: 'the abandoned records to be projected',
    });
  });
  it('given a definition recorded at deploy, when the projector reads its record, then the record replaces it; recorded again, the projection is kept', async () => {
    const group = await newGroup();
    const bpmnProcessId = `projector-deploy-${crypto.randomBytes(3).toString('hex')}`;
    const xml = reviewModel(bpmnProcessId);
    const res = await zbc.deployResource({ name: `${bpmnProcessId}.bpmn`, process: Buffer.from(xml) });
    const { processDefinitionKey, version } = res.deployments.find((d) => d.process)!.process!;
    const key = String(processDefinitionKey);
    const deployed = { key, bpmnProcessId, version, resourceName: `${bpmnProcessId}.bpmn`, bpmnXml: xml };
    const recordedAt = new Date('2026-01-01T00:00:00Z');
    await storeDeployedDefinitions(db, [deployed], recordedAt);
    // before any projector: what a projection started after the exporter dropped the record relies on
    expect(await processDefinitionModel(db).findById(key).lean()).toMatchObject({
      bpmnProcessId,
      version,
      bpmnXml: xml,
      position: 0,
    });

    await project(group, 'replica-a');
    const projected = await waitFor(
      async () => {
        const row = await processDefinitionModel(db).findById(key).lean();
        return row && row.position > 0 ? row : null;
      },
      { what: "the definition's record projected over the deploy-time one" },
    );
    expect(projected.deployedAt.getTime()).not.toBe(recordedAt.getTime());
    expect(projected).toMatchObject({ bpmnProcessId, version, bpmnXml: xml, checksum: expect.any(String) });
    // a redeploy at the next start-up records the same version again: the projected document stays
    await storeDeployedDefinitions(db, [deployed], new Date('2027-01-01T00:00:00Z'));
    expect(await processDefinitionModel(db).findById(key).lean()).toEqual(projected);
  });
});
