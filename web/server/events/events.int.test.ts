import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { staffModel } from '../../../models/staff';
import { markTasksChanged } from '../../../models/task-change';
import { userTaskModel } from '../../../models/user-task';
import { connectTestDatabase, createZeebeClient, stackEnv } from '../../../test/support/stack';
import { createApiRouter } from '../api';
import { createApp } from '../app';
import { signToken } from '../auth/tokens';
import { listen, type RunningHttpServer } from '../http-server';

const SECRET = crypto.randomBytes(32).toString('hex');
const MANAGER = 'im.gov';

/**
 * The inbox event stream wakes on task changes made beside the projector (assignments, claims, SLA states),
 * not only when the projector's checkpoint moves. No projector runs for this file's group, so the counter of
 * task changes is the only thing that can wake the stream here.
 */
describe('inbox event stream', () => {
  let zbc: ZBClient;
  let db: Connection;
  let redis: Redis;
  let server: RunningHttpServer;
  let taskCount = 0;

  /** An open task assigned to the manager, written as the assigner would write it: beside the projector. */
  const assignTaskToManager = async () => {
    const id = `events-test-${++taskCount}`;
    await userTaskModel(db).create({
      _id: id,
      jobKey: id,
      processInstanceKey: `pi-${id}`,
      elementInstanceKey: `ei-${id}`,
      elementId: 'Task_ScreenDemand',
      bpmnProcessId: 'requirement-mining',
      processDefinitionKey: 'pd-events-test',
      state: 'open',
      assignee: MANAGER,
      candidateGroups: ['industry-manager'],
      city: 'gz',
      createdAt: new Date(),
      position: taskCount,
    });
  };

  /** Reads the stream's inbox events as they come. */
  const openInboxStream = async () => {
    const controller = new AbortController();
    const token = signToken(SECRET, MANAGER, 'access', 600);
    const res = await fetch(`${server.url}/api/events?topics=inbox&access_token=${token}`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    const nextInbox = async (): Promise<{ mine: number; candidate: number }> => {
      for (;;) {
        const match = /event: inbox\nid: \d+\ndata: (\{[^\n]*\})\n\n/.exec(buffered);
        if (match) {
          buffered = buffered.slice(match.index + match[0].length);
          return JSON.parse(match[1]!) as { mine: number; candidate: number };
        }
        buffered += decoder.decode((await reader.read()).value);
      }
    };
    return { nextInbox, close: () => controller.abort() };
  };

  beforeAll(async () => {
    zbc = createZeebeClient();
    db = await connectTestDatabase('events');
    redis = new Redis(stackEnv().redisUrl, { maxRetriesPerRequest: 2 });
    await staffModel(db).create({
      username: MANAGER,
      displayName: { zh: '政务行业经理', en: 'Government industry manager' },
      passwordHash: 'not used: the test signs its token',
      roles: ['industry-manager'],
      city: 'gz',
      level: 'city',
      teams: [],
      active: true,
    });
    const projectorGroup = `events-test-${crypto.randomBytes(3).toString('hex')}`;
    const app = createApp({
      zbc,
      mongo: db,
      redis,
      projectorGroup,
      log: () => undefined,
      apiRouters: [
        createApiRouter({
          zbc,
          mongo: db,
          redis,
          projectorGroup,
          jwtSecret: SECRET,
          loginRateLimit: 5,
          eventPollMs: 100,
          log: () => undefined,
        }),
      ],
    });
    server = await listen(app, 0, '127.0.0.1');
  });

  afterAll(async () => {
    await server?.close();
    redis?.disconnect();
    await db?.dropDatabase();
    await db?.close();
    await zbc?.close();
  });

  it('given an open inbox stream, when a task is assigned beside the projector, then a new snapshot comes with it', async () => {
    const stream = await openInboxStream();
    try {
      expect(await stream.nextInbox()).toEqual({ mine: 0, candidate: 0 });

      await assignTaskToManager();
      await markTasksChanged(db);
      expect(await stream.nextInbox()).toEqual({ mine: 1, candidate: 0 });

      // a second assignment wakes it again: each change moves the counter
      await assignTaskToManager();
      await markTasksChanged(db);
      expect(await stream.nextInbox()).toEqual({ mine: 2, candidate: 0 });
    } finally {
      stream.close();
    }
  });
});
