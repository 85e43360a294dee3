import path from 'node:path';
import type { Connection } from 'mongoose';
import type { ZBClient, ZBWorker } from 'zeebe-node';
import { processInstanceModel } from '../models/process-instance';
import { userTaskModel } from '../models/user-task';
import { connectProjection, createZeebeClient, waitFor } from './support/stack';

/**
 * The smoke test of the local stack, on the real parts: broker, exporter stream into Redis, projector,
 * Mongo-wire server, and a zeebe-node worker.
 */
describe('local stack', () => {
  let zbc: ZBClient;
  let projection: Connection;
  let worker: ZBWorker<Record<string, unknown>, Record<string, unknown>, Record<string, unknown>>;
  const preparedJobs: string[] = [];

  beforeAll(async () => {
    zbc = createZeebeClient();
    projection = await connectProjection();
    worker = zbc.createWorker({
      taskType: 'local-stack-smoke.prepare',
      taskHandler: async (job) => {
        preparedJobs.push(job.processInstanceKey);
        return job.complete({ preparedBy: 'smoke-worker' });
      },
      loglevel: 'NONE',
    });
  });

  afterAll(async () => {
    await worker.close();
    await zbc.close();
    await projection.close();
  });

  it('given a deployed model, when an instance runs, then its user task and its end reach the projection', async () => {
    const deployed = await zbc.deployResource({
      processFilename: path.join(__dirname, 'local-stack.smoke.bpmn'),
    });
    expect(deployed.deployments[0]).toBeDefined();

    const { processInstanceKey } = await zbc.createProcessInstance({
      bpmnProcessId: 'local-stack-smoke',
      variables: { customerName: '广州地铁集团 Guangzhou Metro' },
    });

    const tasks = userTaskModel(projection);
    const task = await waitFor(() => tasks.findOne({ processInstanceKey, state: 'open' }).lean(), {
      what: 'the review task in the projection',
    });
    expect(preparedJobs).toContain(processInstanceKey);
    expect(task.elementId).toBe('review');
    expect(task.candidateGroups).toEqual(['manager']);
    expect(task.customHeaders).toEqual({ slaPolicy: 'presales-standard' });

    const instances = processInstanceModel(projection);
    // the projector writes an instance before its tasks: the task seen, the instance is at it
    const running = await instances.findById(processInstanceKey).lean();
    expect(running).toMatchObject({
      state: 'ACTIVE',
      bpmnProcessId: 'local-stack-smoke',
      activeElementIds: ['review'],
    });
    expect(running?.completedElementIds).toEqual(expect.arrayContaining(['smoke-start', 'prepare']));

    await zbc.completeJob({ jobKey: task.jobKey, variables: { approved: true } });

    const completed = await waitFor(
      async () => {
        const instance = await instances.findById(processInstanceKey).lean();
        return instance?.state === 'COMPLETED' && instance;
      },
      { what: 'the instance to be completed in the projection' },
    );
    expect(completed.activeElementIds).toEqual([]);
    expect(completed.completedElementIds).toEqual(
      expect.arrayContaining(['smoke-start', 'prepare', 'review', 'smoke-end']),
    );
    expect(completed.takenSequenceFlowIds).toEqual(
      expect.arrayContaining(['to-prepare', 'to-review', 'to-end']),
    );
    expect(completed.endedAt).toBeInstanceOf(Date);
    expect(await tasks.findById(task.jobKey).lean()).toMatchObject({ state: 'completed' });
  });
});
