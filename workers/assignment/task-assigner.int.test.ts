/**
 * The task assigner over a projection written by the real projector from the real exporter stream: a test
 * database of its own, a consumer group that starts at the streams' end, so the projection holds just this
 * file's tasks.
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { assignmentDecisionModel } from '../../models/assignment-decision';
import { staffModel } from '../../models/staff';
import { userTaskModel } from '../../models/user-task';
import { startProjector, type Projector } from '../../web/server/projector';
import { PROJECTED_STREAMS } from '../../web/server/projector/record-changes';
import { connectTestDatabase, createZeebeClient, stackEnv, waitFor } from '../../test/support/stack';
import { startTaskAssigner, type RunningPoller } from './task-assigner';

/** Start → one user task → end; `candidateGroups` empty: the model names none (as a model from elsewhere may). */
const oneUserTaskXml = (
  bpmnProcessId: string,
  candidateGroups: string,
) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d-${bpmnProcessId}" targetNamespace="http://gcflow.local/test">
  <bpmn:process id="${bpmnProcessId}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_Follow" />
    <bpmn:userTask id="Task_Follow" name="跟进 Follow up">
      ${candidateGroups ? `<bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="${candidateGroups}" /></bpmn:extensionElements>` : ''}
    </bpmn:userTask>
    <bpmn:sequenceFlow id="F2" sourceRef="Task_Follow" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

describe('task assigner', () => {
  let zbc: ZBClient;
  let db: Connection;
  let redis: Redis;
  let projector: Projector;
  let assigner: RunningPoller | undefined;
  const group = `assigner-test-${crypto.randomBytes(3).toString('hex')}`;
  const suffix = crypto.randomBytes(3).toString('hex');
  const log: string[] = [];

  beforeAll(async () => {
    zbc = createZeebeClient();
    db = await connectTestDatabase('task-assigner');
    redis = new Redis(stackEnv().redisUrl, { maxRetriesPerRequest: null });
    for (const stream of PROJECTED_STREAMS) await redis.xgroup('CREATE', stream, group, '$', 'MKSTREAM');
    projector = await startProjector({ redis, mongo: db, group, consumer: 'assigner-test' });
    await staffModel(db).insertMany(
      [
        { username: 'am.assigner', roles: ['account-manager'], city: 'gz', level: 'city' },
        { username: 'manager.assigner', roles: ['manager'], city: 'gz', level: 'city' },
      ].map((s) => ({ ...s, passwordHash: 'x', displayName: { zh: s.username, en: s.username } })),
    );
  });

  afterAll(async () => {
    await assigner?.stop();
    await projector?.stop();
    const admin = new Redis(stackEnv().redisUrl);
    for (const stream of PROJECTED_STREAMS) await admin.xgroup('DESTROY', stream, group);
    admin.disconnect();
    redis?.disconnect();
    await db?.dropDatabase();
    await db?.close();
    await zbc?.close();
  });

  const startAssigner = (options: { intervalMs: number; limit?: number }) =>
    startTaskAssigner(
      { mongo: db, projection: db, log: (line) => log.push(line), now: () => new Date() },
      options,
    );
  /** The task once the assigner has written its assignee. */
  const assignedTask = (id: string, what: string) =>
    waitFor(
      async () => {
        const row = await userTaskModel(db).findById(id).lean();
        return row?.assignee ? row : null;
      },
      { what },
    );

  const deployAndStart = async (bpmnProcessId: string, candidateGroups: string) => {
    await zbc.deployResource({
      name: `${bpmnProcessId}.bpmn`,
      process: Buffer.from(oneUserTaskXml(bpmnProcessId, candidateGroups)),
    });
    const { processInstanceKey } = await zbc.createProcessInstance({
      bpmnProcessId,
      variables: { city: 'gz', accountManager: 'am.assigner' },
    });
    return waitFor(() => userTaskModel(db).findOne({ processInstanceKey }).lean(), {
      what: `the user task of ${bpmnProcessId} in the projection`,
    });
  };

  it('given an older task whose model names no candidate group, when the assigner passes, then it is decided from everyone in the city and the newer task behind it is assigned too', async () => {
    // projected before the assigner runs, the task without groups first: one pass meets both, oldest first
    const ungrouped = await deployAndStart(`assigner-ungrouped-${suffix}`, '');
    const grouped = await deployAndStart(`assigner-grouped-${suffix}`, 'account-manager');
    expect(ungrouped.createdAt.getTime()).toBeLessThanOrEqual(grouped.createdAt.getTime());

    assigner = startAssigner({ intervalMs: 200 });
    const assigned = await assignedTask(grouped._id, 'the grouped task assigned');
    expect(assigned.assignee).toBe('am.assigner');
    // no groups: the pool is everyone in the customer's city (decide-assignee's `*`), least loaded first
    const decided = await waitFor(
      () => assignmentDecisionModel(db).findById(`${ungrouped._id}/initial`).lean(),
      { what: 'the decision on the task without candidate groups' },
    );
    expect(decided).toMatchObject({ rule: 'least-loaded', managerNotified: false });
    expect(decided.reason?.en).toContain('member of *');
    expect((await userTaskModel(db).findById(ungrouped._id).lean())?.assignee).toBe(decided.assignee);
    expect(log.filter((line) => line.startsWith('task assigner'))).toEqual([]);
  });
  it('given older tasks that can never be decided filling a whole pass, when the assigner passes again, then they wait aside and the task behind them is assigned', async () => {
    await assigner?.stop();
    // projected tasks the assigner cannot decide (no instance: its decision record is refused), oldest first
    const broken = ['a', 'b'].map((n) => `assigner-broken-${suffix}-${n}`);
    await db.collection<{ _id: string }>('usertasks').insertMany(
      broken.map((_id, i) => ({
        _id,
        state: 'open',
        assignmentDecidedAt: null,
        candidateGroups: ['account-manager'],
        createdAt: new Date(Date.UTC(2020, 0, 1 + i)),
      })),
    );
    const waitingTask = await deployAndStart(`assigner-starved-${suffix}`, 'account-manager');

    // a page of two: the broken tasks fill the first pass entirely
    assigner = startAssigner({ intervalMs: 200, limit: 2 });
    const assigned = await assignedTask(waitingTask._id, 'the task behind the broken ones assigned');
    expect(assigned.assignee).toBe('am.assigner');
    expect(log.some((line) => line.includes(broken[0]!))).toBe(true);
    const stillOpen = await db
      .collection<{ _id: string; assignmentDecidedAt: Date | null }>('usertasks')
      .find({ _id: { $in: broken } })
      .toArray();
    expect(stillOpen.map((t) => t.assignmentDecidedAt)).toEqual([null, null]);
  });
});
