/**
 * The HTTP contract of API.md on the real stack: the app in-process on port 0, the real broker, the exporter
 * stream and FerretDB. This file runs a projector of its own (its own consumer group) into its own test
 * database, where it also seeds accounts, customers and forms: one database holding projection and gcflow's
 * collections, as in a deployment, so the derived fields (city, names, roll-ups) are those production computes,
 * and nothing here depends on what other test files put in the shared `gcflow` database.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import type { Connection } from 'mongoose';
import type { ZBClient, ZBWorker } from 'zeebe-node';
import { auditEntryModel } from '../../models/audit-entry';
import { customerModel } from '../../models/customer';
import { incidentModel } from '../../models/incident';
import { knowledgeItemModel } from '../../models/knowledge-item';
import { processInstanceModel } from '../../models/process-instance';
import { staffModel } from '../../models/staff';
import { taskFormModel } from '../../models/task-form';
import { creditCodeCheckCharacter } from '../../models/unified-social-credit-code';
import { userTaskModel } from '../../models/user-task';
import { connectTestDatabase, createZeebeClient, stackEnv, waitFor } from '../../test/support/stack';
import { createApiRouter } from './api';
import { createApp } from './app';
import { listen, type RunningHttpServer } from './http-server';
import { openApiPath } from './openapi/openapi';
import { startProjector, type Projector } from './projector';
import { PROJECTED_STREAMS } from './projector/record-changes';
import { createSurveyRouter } from './surveys/routes';

const SECRET = crypto.randomBytes(32).toString('hex');
const PASSWORD = 'test-pass-1';
const FIXTURE = path.join(__dirname, 'api.inbox-review.bpmn');
const code = (code17: string) => code17 + creditCodeCheckCharacter(code17);
const GZ_CUSTOMER = code('91440101MA59ABCX1');
const SZ_CUSTOMER = code('91440300MA59ABCX2');

const ACCOUNTS = [
  { username: 'designer', roles: ['process-designer'], city: null },
  { username: 'admin', roles: ['admin'], city: null },
  { username: 'manager.prov', roles: ['manager'], city: null },
  { username: 'manager.gz', roles: ['manager'], city: 'gz' },
  { username: 'am.gz', roles: ['account-manager'], city: 'gz', teams: ['key-accounts'] },
  { username: 'am2.gz', roles: ['account-manager'], city: 'gz' },
  { username: 'am.sz', roles: ['account-manager'], city: 'sz' },
  { username: 'committee', roles: ['review-committee'], city: null },
  { username: 'disabled.gz', roles: ['account-manager'], city: 'gz', active: false },
  { username: 'leaver.gz', roles: ['account-manager'], city: 'gz' },
];

const REVIEW_FORM = {
  id: 'api-inbox-review',
  type: 'default',
  components: [
    { type: 'text', text: '## Review', id: 'Field_text' },
    {
      type: 'select',
      key: 'decision',
      label: 'Decision',
      values: [{ value: 'approve' }, { value: 'reject' }],
      validate: { required: true },
      id: 'Field_decision',
    },
    {
      type: 'number',
      key: 'score',
      label: 'Score',
      validate: { required: true, min: 1, max: 5 },
      id: 'Field_score',
    },
    {
      type: 'textfield',
      key: 'ticket',
      label: 'Ticket',
      validate: { pattern: 'T-[0-9]{4}' },
      id: 'Field_ticket',
    },
    { type: 'checkbox', key: 'firstTimeResolved', label: 'First time', id: 'Field_ftr' },
  ],
};

describe('the HTTP API on the real stack', () => {
  let zbc: ZBClient;
  let db: Connection;
  let redis: Redis;
  let projectorRedis: Redis;
  let projector: Projector;
  let server: RunningHttpServer;
  let app: Express;
  let base: string;
  const group = `api-test-${crypto.randomBytes(3).toString('hex')}`;
  const incidentJobType = `api-test.incident-${crypto.randomBytes(3).toString('hex')}`;
  const workers: ZBWorker<never, never, never>[] = [];
  let failJobs = true;
  const tokens: Record<string, string> = {};

  const call = async (
    method: string,
    url: string,
    options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined || options.raw !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...options.headers,
      },
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json: json as any, text, headers: res.headers }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const as = (username: string) => tokens[username]!;
  const login = async (username: string) => {
    const res = await call('POST', '/api/auth/login', { body: { username, password: PASSWORD } });
    expect(res.status).toBe(200);
    return res.json.token as string;
  };
  const startReview = async (username: string, variables: Record<string, unknown>) => {
    const res = await call('POST', '/api/instances', {
      token: as(username),
      body: { bpmnProcessId: 'api-inbox-review', variables },
    });
    expect(res.status).toBe(201);
    return res.json.processInstanceKey as string;
  };
  const projectedTask = (
    processInstanceKey: string,
    extra: (t: Record<string, unknown>) => boolean = () => true,
  ) =>
    waitFor(
      async () => {
        const task = await userTaskModel(db).findOne({ processInstanceKey }).lean();
        return task && extra(task as unknown as Record<string, unknown>) ? task : undefined;
      },
      { what: `the task of ${processInstanceKey} in the projection` },
    );

  beforeAll(async () => {
    zbc = createZeebeClient();
    db = await connectTestDatabase('api');
    redis = new Redis(stackEnv().redisUrl, { maxRetriesPerRequest: 2 });
    projectorRedis = new Redis(stackEnv().redisUrl, { maxRetriesPerRequest: null });
    const passwordHash = await bcrypt.hash(PASSWORD, 4);
    await staffModel(db).insertMany(
      ACCOUNTS.map((a) => ({
        displayName: { zh: a.username, en: a.username },
        passwordHash,
        level: a.city ? 'city' : 'province',
        teams: [],
        active: true,
        ...a,
      })),
    );
    await customerModel(db).insertMany([
      {
        _id: GZ_CUSTOMER,
        name: { zh: '广州测试集团', en: 'Guangzhou Test Group' },
        industry: 'transport',
        city: 'gz',
        accountManager: 'am.gz',
        people: [{ name: '陈', careLevel: 'key-person' }],
        services: ['iot'],
      },
      { _id: SZ_CUSTOMER, name: { zh: '深圳测试', en: 'Shenzhen Test' }, industry: 'education', city: 'sz' },
    ]);
    await knowledgeItemModel(db).create({
      _id: 'solutions/api-test',
      library: 'solutions',
      title: { zh: '交通物联网方案模板', en: 'Transport IoT solution template' },
      summary: 'fleet tracking over NB-IoT',
      industry: 'transport',
      isTemplate: true,
      tags: ['iot'],
      createdAt: new Date(),
    });
    await taskFormModel(db).create({
      _id: REVIEW_FORM.id,
      schemaJson: JSON.stringify(REVIEW_FORM),
      deployedAt: new Date(),
    });
    await Promise.all([userTaskModel(db).syncIndexes(), processInstanceModel(db).syncIndexes()]);
    projector = await startProjector({ redis: projectorRedis, mongo: db, group, consumer: 'api-test' });
    app = createApp({
      zbc,
      mongo: db,
      redis,
      projectorGroup: group,
      log: () => undefined,
      apiRouters: [
        createApiRouter({
          zbc,
          mongo: db,
          redis,
          projectorGroup: group,
          jwtSecret: SECRET,
          loginRateLimit: 5,
          eventPollMs: 200,
          log: () => undefined,
        }),
        createSurveyRouter({ zbc, mongo: db, now: () => new Date() }),
      ],
    });
    server = await listen(app, 0, '127.0.0.1');
    base = server.url;
    for (const a of ACCOUNTS) if (a.active !== false) tokens[a.username] = await login(a.username);
    workers.push(
      zbc.createWorker({
        taskType: incidentJobType,
        taskHandler: (job) =>
          failJobs ? job.fail({ errorMessage: 'api test: boom', retries: 0 }) : job.complete(),
        pollInterval: 200,
      }) as unknown as ZBWorker<never, never, never>,
    );
  });

  afterAll(async () => {
    await server?.close();
    await Promise.all(workers.map((w) => w.close(2000)));
    await projector?.stop();
    for (const stream of PROJECTED_STREAMS)
      await redis.xgroup('DESTROY', stream, group).catch(() => undefined);
    redis.disconnect();
    projectorRedis.disconnect();
    await db.dropDatabase();
    await db.close();
    await zbc.close();
  });

  describe('auth', () => {
    it('given the right password, then a token and the account as API.md says; a wrong one 401', async () => {
      const ok = await call('POST', '/api/auth/login', { body: { username: 'am.gz', password: PASSWORD } });
      expect(ok.json).toMatchObject({
        token: expect.any(String),
        user: { username: 'am.gz', roles: ['account-manager'], city: 'gz' },
      });
      expect(jwt.decode(ok.json.token, { complete: true })?.header.alg).toBe('HS256');
      const wrong = await call('POST', '/api/auth/login', { body: { username: 'am.gz', password: 'nope' } });
      expect(wrong.status).toBe(401);
      expect(wrong.json.error).toMatchObject({ code: 'invalid_credentials', details: [] });
      const disabled = await call('POST', '/api/auth/login', {
        body: { username: 'disabled.gz', password: PASSWORD },
      });
      expect(disabled.status).toBe(401);
    });

    it('given a refresh token, then a new access token that works', async () => {
      const session = await call('POST', '/api/auth/login', {
        body: { username: 'am.sz', password: PASSWORD },
      });
      const renewed = await call('POST', '/api/auth/refresh', {
        body: { refreshToken: session.json.refreshToken },
      });
      expect(renewed.status).toBe(200);
      expect((await call('GET', '/api/auth/me', { token: renewed.json.token })).json).toMatchObject({
        username: 'am.sz',
        city: 'sz',
      });
      // an access token is not a refresh token
      expect(
        (await call('POST', '/api/auth/refresh', { body: { refreshToken: session.json.token } })).status,
      ).toBe(401);
    });

    it('given no, expired, tampered, alg-none or disabled-account tokens, then 401', async () => {
      expect((await call('GET', '/api/tasks')).status).toBe(401);
      const expired = jwt.sign({ typ: 'access' }, SECRET, {
        algorithm: 'HS256',
        subject: 'am.gz',
        issuer: 'gcflow',
        expiresIn: -10,
      });
      const res = await call('GET', '/api/tasks', { token: expired });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('token_expired');
      const [header, payload, signature] = as('am.gz').split('.');
      const forged = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'admin' }),
      ).toString('base64url');
      expect((await call('GET', '/api/tasks', { token: `${header}.${forged}.${signature}` })).status).toBe(
        401,
      );
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${forged}.`;
      expect((await call('GET', '/api/tasks', { token: none })).status).toBe(401);
      const otherKey = jwt.sign({ typ: 'access' }, 'another-secret-of-thirty-two-chars!!', {
        algorithm: 'HS256',
        subject: 'admin',
        issuer: 'gcflow',
      });
      expect((await call('GET', '/api/tasks', { token: otherKey })).status).toBe(401);
      const disabled = jwt.sign({ typ: 'access' }, SECRET, {
        algorithm: 'HS256',
        subject: 'disabled.gz',
        issuer: 'gcflow',
        expiresIn: 600,
      });
      const locked = await call('GET', '/api/tasks', { token: disabled });
      expect(locked.status).toBe(401);
      expect(locked.json.error.code).toBe('account_disabled');
    });

    it('given malformed JSON or operator keys, then 400 before any query runs', async () => {
      const malformed = await call('POST', '/api/auth/login', { raw: '{"username": "am.gz", ' });
      expect(malformed.status).toBe(400);
      expect(malformed.json.error.code).toBe('malformed_json');
      const injected = await call('POST', '/api/auth/login', {
        body: { username: { $gt: '' }, password: { $gt: '' } },
      });
      expect(injected.status).toBe(400);
      expect(injected.json.error.code).toBe('unsafe_keys');
      const inQuery = await call('GET', '/api/instances?bpmnProcessId[$gt]=', { token: as('manager.prov') });
      expect(inQuery.status).toBe(400);
      const asValue = await call('GET', `/api/instances?state=${encodeURIComponent('{"$gt":""}')}`, {
        token: as('manager.prov'),
      });
      expect(asValue.status).toBe(400);
      const dotted = await call('POST', '/api/instances', {
        token: as('am.gz'),
        body: { bpmnProcessId: 'api-inbox-review', variables: { 'a.b': 1 } },
      });
      expect(dotted.status).toBe(400);
    });

    it('given too many logins for one name, then 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push(
          (await call('POST', '/api/auth/login', { body: { username: 'nobody', password: 'x' } })).status,
        );
      expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
      expect(statuses[5]).toBe(429);
    });

    it('given a cross-origin preflight or an oversized body, then no CORS grant and 413; helmet headers set', async () => {
      const preflight = await fetch(`${base}/api/tasks`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const big = await call('POST', '/api/auth/login', {
        raw: JSON.stringify({ username: 'x', password: 'y'.repeat(1_100_000) }),
      });
      expect(big.status).toBe(413);
      expect(big.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('processes, instances, tasks', () => {
    let reviewKey: string;
    let reviewTaskId: string;

    it('given a designer, when they deploy a lint-clean model, then 201; a broken one 422; others 403', async () => {
      const xml = readFileSync(FIXTURE, 'utf8');
      expect(
        (await call('POST', '/api/processes', { token: as('am.gz'), body: { name: 'x', xml } })).status,
      ).toBe(403);
      const broken = await call('POST', '/api/processes', {
        token: as('designer'),
        body: { name: 'broken', xml: xml.replace('<bpmn:outgoing>Flow_ToReview</bpmn:outgoing>', '') },
      });
      expect(broken.status).toBe(422);
      expect(broken.json.error.details.length).toBeGreaterThan(0);
      expect(
        (
          await call('POST', '/api/processes', {
            token: as('designer'),
            body: { name: 'junk', xml: 'not xml' },
          })
        ).status,
      ).toBe(422);
      const deployed = await call('POST', '/api/processes', {
        token: as('designer'),
        body: { name: 'api-inbox-review', xml },
      });
      expect(deployed.status).toBe(201);
      expect(deployed.json).toEqual({
        bpmnProcessId: 'api-inbox-review',
        version: expect.any(Number),
        key: expect.any(String),
      });
      // listed at once, without waiting for the projector: the deploy records the definition itself
      const list = await call('GET', '/api/processes', { token: as('am.sz') });
      expect(list.json.find((p: { key: string }) => p.key === deployed.json.key)).toEqual({
        bpmnProcessId: 'api-inbox-review',
        version: deployed.json.version,
        key: deployed.json.key,
        name: 'API 测试审核 API test review',
      });
    });

    it('given a city manager, when they start an instance, then it runs in their city; other roles and cities refused', async () => {
      reviewKey = await startReview('manager.gz', { customerId: GZ_CUSTOMER, checkJobType: incidentJobType });
      const wrongRole = await call('POST', '/api/instances', {
        token: as('committee'),
        body: { bpmnProcessId: 'api-inbox-review', variables: {} },
      });
      expect(wrongRole.status).toBe(403);
      const otherCity = await call('POST', '/api/instances', {
        token: as('manager.gz'),
        body: { bpmnProcessId: 'api-inbox-review', variables: { city: 'sz' } },
      });
      expect(otherCity.status).toBe(403);
      const unknown = await call('POST', '/api/instances', {
        token: as('manager.prov'),
        body: { bpmnProcessId: 'no-such-process', variables: {} },
      });
      expect(unknown.status).toBe(404);
      const task = await projectedTask(reviewKey);
      reviewTaskId = task._id;
      expect(task.assignee ?? null).toBeNull();
      expect(task).toMatchObject({
        city: 'gz',
        name: '审核 Review',
        customerId: GZ_CUSTOMER,
      });
      expect((await call('POST', `/api/tasks/${reviewTaskId}/claim`, { token: as('am.gz') })).status).toBe(
        204,
      );
    });

    it('given the inbox, then my task in the shape of API.md; other cities never see it', async () => {
      const mine = await call('GET', '/api/tasks?scope=mine&state=open', { token: as('am.gz') });
      expect(mine.status).toBe(200);
      expect(mine.json.find((t: { id: string }) => t.id === reviewTaskId)).toEqual(
        expect.objectContaining({
          id: reviewTaskId,
          name: '审核 Review',
          processInstanceKey: reviewKey,
          assignee: 'am.gz',
          candidateGroups: ['account-manager'],
          dueAt: null,
          sla: { state: 'none' },
        }),
      );
      const detail = await call('GET', `/api/tasks/${reviewTaskId}`, { token: as('am.gz') });
      expect(detail.json.form.id).toBe('api-inbox-review');
      expect(detail.json.knowledge.templates.map((k: { id: string }) => k.id)).toEqual([
        'solutions/api-test',
      ]);
      expect((await call('GET', `/api/tasks/${reviewTaskId}`, { token: as('am.sz') })).status).toBe(404);
      expect((await call('GET', '/api/tasks/999999999', { token: as('am.gz') })).status).toBe(404);
      expect((await call('GET', '/api/tasks?scope=all', { token: as('am.gz') })).status).toBe(403);
      const all = await call('GET', '/api/tasks?scope=all', { token: as('manager.gz') });
      expect(all.json.map((t: { id: string }) => t.id)).toContain(reviewTaskId);
      const szManagerView = await call('GET', `/api/instances/${reviewKey}`, { token: as('am.sz') });
      expect(szManagerView.status).toBe(404);
    });

    it('given the instance view, then state, element ids, incidents and variables; scoped lists', async () => {
      const view = await call('GET', `/api/instances/${reviewKey}`, { token: as('am.gz') });
      expect(view.status).toBe(200);
      expect(view.json).toMatchObject({
        state: 'ACTIVE',
        bpmnProcessId: 'api-inbox-review',
        activeElementIds: ['Task_Review'],
        completedElementIds: expect.arrayContaining(['Start_Review']),
        incidents: [],
        variables: { customerId: GZ_CUSTOMER, city: 'gz' },
      });
      expect((await call('GET', '/api/instances/123', { token: as('am.gz') })).status).toBe(404);
      const szKey = await startReview('manager.prov', { customerId: SZ_CUSTOMER, city: 'sz' });
      await waitFor(async () => (await processInstanceModel(db).findById(szKey).lean())?.city === 'sz', {
        what: 'the sz instance',
      });
      const gzList = await call('GET', '/api/instances?bpmnProcessId=api-inbox-review&state=ACTIVE', {
        token: as('am.gz'),
      });
      const keys = gzList.json.map((i: { processInstanceKey: string }) => i.processInstanceKey);
      expect(keys).toContain(reviewKey);
      expect(keys).not.toContain(szKey);
      const province = await call('GET', '/api/instances?bpmnProcessId=api-inbox-review&limit=1', {
        token: as('manager.prov'),
      });
      expect(province.json).toHaveLength(1);
      const next = province.headers.get('x-next-cursor');
      expect(next).toBeTruthy();
      const page2 = await call(
        'GET',
        `/api/instances?bpmnProcessId=api-inbox-review&limit=1&cursor=${next}`,
        { token: as('manager.prov') },
      );
      expect(page2.json[0].processInstanceKey).not.toBe(province.json[0].processInstanceKey);
    });

    it('given a completion, then the form is enforced, the job completes, and a second completion is 409', async () => {
      expect(
        (
          await call('POST', `/api/tasks/${reviewTaskId}/complete`, {
            token: as('am.sz'),
            body: { variables: {} },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await call('POST', `/api/tasks/${reviewTaskId}/complete`, {
            token: as('am2.gz'),
            body: { variables: {} },
          })
        ).status,
      ).toBe(403);
      const invalid = await call('POST', `/api/tasks/${reviewTaskId}/complete`, {
        token: as('am.gz'),
        body: { variables: { decision: 'maybe', score: 9, ticket: 'X-1', city: 'sz' } },
      });
      expect(invalid.status).toBe(422);
      expect(invalid.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'city',
        'decision',
        'score',
        'ticket',
      ]);
      const missing = await call('POST', `/api/tasks/${reviewTaskId}/complete`, {
        token: as('am.gz'),
        body: { variables: { score: 3 } },
      });
      expect(missing.json.error.details).toEqual([{ field: 'decision', message: 'is required' }]);
      const done = await call('POST', `/api/tasks/${reviewTaskId}/complete`, {
        token: as('am.gz'),
        body: { variables: { decision: 'approve', score: 4, ticket: 'T-1234', firstTimeResolved: true } },
      });
      expect(done.status).toBe(204);
      const again = await call('POST', `/api/tasks/${reviewTaskId}/complete`, {
        token: as('am.gz'),
        body: { variables: { decision: 'reject', score: 1 } },
      });
      expect(again.status).toBe(409);
      await projectedTask(reviewKey, (t) => t.state === 'completed' && typeof t.durationMs === 'number');
      // the completed task and the variables it set arrive through different streams
      const vars = await waitFor(
        async () => {
          const view = await call('GET', `/api/instances/${reviewKey}`, { token: as('am.gz') });
          return view.json.variables?.decision !== undefined && view;
        },
        { what: 'the completion variables in the instance view' },
      );
      expect(vars.json.variables.decision).toBe('approve');
      const after = await call('POST', `/api/tasks/${reviewTaskId}/complete`, {
        token: as('am.gz'),
        body: { variables: { decision: 'reject', score: 1 } },
      });
      expect(after.status).toBe(409);
    });

    it('given a failing job, then an incident; retry gives retries back and resolves it, and the instance ends', async () => {
      const incident = await waitFor(
        () => incidentModel(db).findOne({ processInstanceKey: reviewKey, state: 'open' }).lean(),
        {
          what: 'the incident',
        },
      );
      const listed = await call('GET', '/api/incidents', { token: as('admin') });
      expect(listed.json.map((i: { key: string }) => i.key)).toContain(incident._id);
      expect((await call('GET', '/api/incidents', { token: as('am.gz') })).status).toBe(403);
      failJobs = false;
      expect(
        (await call('POST', `/api/incidents/${incident._id}/retry`, { token: as('manager.gz'), body: {} }))
          .status,
      ).toBe(204);
      await waitFor(
        async () => (await processInstanceModel(db).findById(reviewKey).lean())?.state === 'COMPLETED',
        {
          what: 'the instance to complete after the retry',
        },
      );
      expect((await incidentModel(db).findById(incident._id).lean())?.state).toBe('resolved');
      expect(
        (await call('POST', `/api/incidents/${incident._id}/retry`, { token: as('admin'), body: {} })).status,
      ).toBe(409);
      const view = await call('GET', `/api/instances/${reviewKey}`, { token: as('manager.prov') });
      expect(
        view.json.elements.find((e: { elementId: string }) => e.elementId === 'Task_Review'),
      ).toMatchObject({
        name: '审核 Review',
        state: 'completed',
        durationMs: expect.any(Number),
      });
    });

    it('given an unassigned task, then a candidate claims and unclaims it; a non-candidate may not', async () => {
      const key = await startReview('manager.gz', {});
      const task = await projectedTask(key);
      const candidates = await call('GET', '/api/tasks?scope=candidate', { token: as('am2.gz') });
      expect(candidates.json.map((t: { id: string }) => t.id)).toContain(task._id);
      expect((await call('POST', `/api/tasks/${task._id}/claim`, { token: as('committee') })).status).toBe(
        403,
      );
      expect((await call('POST', `/api/tasks/${task._id}/claim`, { token: as('am2.gz') })).status).toBe(204);
      expect((await call('POST', `/api/tasks/${task._id}/claim`, { token: as('am.gz') })).status).toBe(409);
      expect((await call('POST', `/api/tasks/${task._id}/unclaim`, { token: as('am.gz') })).status).toBe(403);
      expect((await call('POST', `/api/tasks/${task._id}/unclaim`, { token: as('am2.gz') })).status).toBe(
        204,
      );
      expect((await userTaskModel(db).findById(task._id).lean())?.assignee).toBeNull();
    });

    it('given an instance canceled by a manager, then its task is canceled and a second cancel is 409', async () => {
      const key = await startReview('manager.gz', {});
      const task = await projectedTask(key);
      expect((await call('POST', `/api/instances/${key}/cancel`, { token: as('am.gz') })).status).toBe(403);
      expect((await call('POST', `/api/instances/${key}/cancel`, { token: as('manager.gz') })).status).toBe(
        204,
      );
      await projectedTask(key, (t) => t.state === 'canceled');
      await waitFor(
        async () => (await processInstanceModel(db).findById(key).lean())?.state === 'TERMINATED',
        { what: 'termination' },
      );
      expect((await call('POST', `/api/instances/${key}/cancel`, { token: as('manager.gz') })).status).toBe(
        409,
      );
      expect(
        (
          await call('POST', `/api/tasks/${task._id}/complete`, {
            token: as('am.gz'),
            body: { variables: { decision: 'approve', score: 2 } },
          })
        ).status,
      ).toBe(409);
    });

    it('given a departure, then the account is locked out on its next request and its tasks leave it', async () => {
      const leaver = await login('leaver.gz');
      const key = await startReview('manager.gz', {});
      const task = await projectedTask(key);
      expect((await call('POST', `/api/tasks/${task._id}/claim`, { token: leaver })).status).toBe(204);
      expect(
        (
          await call('POST', '/api/hr/departures', {
            token: as('manager.gz'),
            body: { username: 'leaver.gz' },
          })
        ).status,
      ).toBe(403);
      const departed = await call('POST', '/api/hr/departures', {
        token: as('admin'),
        body: { username: 'leaver.gz' },
      });
      expect(departed.status).toBe(200);
      expect(departed.json.reassigned.map((r: { taskKey: string }) => r.taskKey)).toContain(task._id);
      expect((await call('GET', '/api/tasks', { token: leaver })).status).toBe(401);
      expect((await userTaskModel(db).findById(task._id).lean())?.assignee).not.toBe('leaver.gz');
      expect(
        (await call('POST', '/api/hr/departures', { token: as('admin'), body: { username: 'no.such' } }))
          .status,
      ).toBe(404);
    });
  });

  describe('dashboards, customers, knowledge, SLA, audit, events, OpenAPI', () => {
    it('given completed work, then the dashboard figures from the roll-ups, CSV and drill-down; managers only', async () => {
      await waitFor(
        async () => {
          const res = await call('GET', '/api/dashboard/sla?groupBy=task&bpmnProcessId=api-inbox-review', {
            token: as('manager.gz'),
          });
          return res.json.rows?.find(
            (r: { group: string; completed: number }) =>
              r.group === 'api-inbox-review/Task_Review' && r.completed >= 1,
          );
        },
        { what: 'the task roll-up' },
      );
      const byTask = await call('GET', '/api/dashboard/sla?groupBy=task&bpmnProcessId=api-inbox-review', {
        token: as('manager.gz'),
      });
      expect(byTask.json).toMatchObject({
        groupBy: 'task',
        city: 'gz',
        open: { open: expect.any(Number), atRisk: 0, breached: 0 },
      });
      const row = byTask.json.rows.find((r: { group: string }) => r.group === 'api-inbox-review/Task_Review');
      expect(row).toMatchObject({
        label: '审核 Review',
        completed: 1,
        avgDurationMs: expect.any(Number),
        p90DurationMs: expect.any(Number),
      });
      const byProcess = await call('GET', '/api/dashboard/sla?groupBy=process', {
        token: as('manager.prov'),
      });
      expect(
        byProcess.json.rows.find((r: { group: string }) => r.group === 'api-inbox-review')?.completed,
      ).toBe(1);
      expect(
        byProcess.json.throughput.reduce((n: number, w: { completed: number }) => n + w.completed, 0),
      ).toBeGreaterThanOrEqual(1);
      const byHandler = await call('GET', '/api/dashboard/sla?groupBy=handler', {
        token: as('manager.prov'),
      });
      expect(byHandler.json.rows.map((r: { group: string }) => r.group)).toContain('am.gz');
      // a city manager asking for another city still gets their own
      const otherCity = await call('GET', '/api/dashboard/sla?groupBy=city&city=sz', {
        token: as('manager.gz'),
      });
      expect(otherCity.json.city).toBe('gz');
      expect((await call('GET', '/api/dashboard/sla', { token: as('am.gz') })).status).toBe(403);
      const csv = await call('GET', '/api/dashboard/sla/export?groupBy=task', { token: as('manager.gz') });
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.text.split('\r\n')[0]).toBe(
        'group,label,completed,withSla,slaMet,breached,slaMetPct,avgDurationMs,p90DurationMs',
      );
      expect(csv.text).toContain('api-inbox-review/Task_Review,审核 Review,1,');
      const drill = await call(
        'GET',
        '/api/dashboard/drill-down?figure=completed&bpmnProcessId=api-inbox-review',
        { token: as('manager.gz') },
      );
      expect(drill.json.map((t: { state: string }) => t.state)).toEqual(
        expect.arrayContaining(['completed']),
      );
    });

    it('given customers in two cities, then the unified view in scope and 404 outside', async () => {
      const view = await call('GET', `/api/customers/${GZ_CUSTOMER}`, { token: as('am.gz') });
      expect(view.status).toBe(200);
      expect(view.json).toMatchObject({
        id: GZ_CUSTOMER,
        industry: 'transport',
        people: [expect.objectContaining({ careLevel: 'key-person' })],
      });
      expect((await call('GET', `/api/customers/${SZ_CUSTOMER}`, { token: as('am.gz') })).status).toBe(404);
      expect((await call('GET', `/api/customers/${SZ_CUSTOMER}`, { token: as('manager.prov') })).status).toBe(
        200,
      );
      const list = await call('GET', '/api/customers?q=测试', { token: as('am.gz') });
      expect(list.json.map((c: { id: string }) => c.id)).toEqual([GZ_CUSTOMER]);
      const regexy = await call('GET', `/api/customers?q=${encodeURIComponent('.*')}`, {
        token: as('manager.prov'),
      });
      expect(regexy.json).toEqual([]);
    });

    it('given knowledge, staff and teams, then search, view counts and scoped staff lists', async () => {
      const found = await call('GET', '/api/knowledge?q=iot', { token: as('am.sz') });
      expect(found.json.map((k: { id: string }) => k.id)).toEqual(['solutions/api-test']);
      const item = await call('GET', '/api/knowledge/solutions%2Fapi-test', { token: as('am.sz') });
      expect(item.json.viewCount).toBe(1);
      const staff = await call('GET', '/api/staff', { token: as('manager.gz') });
      expect(staff.json.every((s: { city: string }) => s.city === 'gz')).toBe(true);
      expect(JSON.stringify(staff.json)).not.toContain('passwordHash');
      expect((await call('GET', '/api/staff', { token: as('am.gz') })).status).toBe(403);
      expect((await call('GET', '/api/teams', { token: as('am.gz') })).status).toBe(200);
    });

    it('given SLA policies and calendars, then managers read and change them, audited; others 403', async () => {
      const policies = await call('GET', '/api/sla/policies', { token: as('manager.gz') });
      const policy = policies.json.find((p: { id: string }) => p.id === 'complaint-grave');
      expect(policy).toBeDefined();
      const { id: _id, ...fields } = policy;
      const changed = await call('PUT', '/api/sla/policies/complaint-grave', {
        token: as('manager.prov'),
        body: { ...fields, warnAtRatio: 0.5 },
      });
      expect(changed.status).toBe(200);
      expect(
        (
          await call('PUT', '/api/sla/policies/complaint-grave', {
            token: as('manager.prov'),
            body: { ...fields, responseTargetMs: fields.resolutionTargetMs + 1 },
          })
        ).status,
      ).toBe(422);
      expect(
        (await call('PUT', '/api/sla/policies/complaint-grave', { token: as('am.gz'), body: fields })).status,
      ).toBe(403);
      const calendars = await call('GET', '/api/sla/calendars', { token: as('admin') });
      expect(calendars.json[0]).toMatchObject({
        id: 'cn-standard',
        kind: 'business',
        timeZone: 'Asia/Shanghai',
      });
      expect(calendars.json[0].holidays).toContain('2026-10-01');
    });

    it('given the audit log, then logins, deploys, completions, reassignments and policy changes are there', async () => {
      const actions = new Set((await auditEntryModel(db).find().lean()).map((e) => e.action));
      for (const action of [
        'login',
        'login-failed',
        'deploy',
        'task-complete',
        'task-reassign',
        'sla-policy-change',
        'departure',
        'incident-retry',
      ])
        expect(actions).toContain(action);
      const page = await call('GET', '/api/audit?action=deploy', { token: as('admin') });
      expect(page.json[0]).toMatchObject({ action: 'deploy', actor: 'designer' });
      expect((await call('GET', '/api/audit', { token: as('manager.prov') })).status).toBe(403);
    });

    it('given an event stream, then an inbox snapshot at once', async () => {
      const controller = new AbortController();
      const res = await fetch(`${base}/api/events?topics=inbox,dashboard&access_token=${as('manager.gz')}`, {
        signal: controller.signal,
      });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('event: dashboard'))
        text += new TextDecoder().decode((await reader.read()).value);
      controller.abort();
      expect(text).toMatch(/event: inbox\nid: \d+\ndata: \{"mine":\d+,"candidate":\d+\}/);
    });

    it('given health and metrics, then the parts and the projection lag', async () => {
      const health = await call('GET', '/api/health');
      expect(health.json).toMatchObject({
        status: 'ok',
        zeebe: { brokers: 1, partitions: 1 },
        mongo: 'ok',
        redis: 'ok',
        projection: { lagMs: expect.any(Number) },
      });
      const metrics = await call('GET', '/api/metrics');
      expect(metrics.text).toMatch(/^gcflow_projection_lag_ms \d+$/m);
      expect(metrics.text).toMatch(/^gcflow_up 1$/m);
    });

    it('given the OpenAPI document, then it is valid OpenAPI 3.1 and lists every mounted route', async () => {
      const res = await call('GET', '/api/openapi.json');
      expect(res.json.openapi).toBe('3.1.0');
      // swagger-parser ships ES modules, which this jest setup does not load: it runs in a node of its own
      const verdict = execFileSync(
        process.execPath,
        [
          '-e',
          "require('@apidevtools/swagger-parser').validate(JSON.parse(require('fs').readFileSync(0,'utf8')))" +
            ".then(() => console.log('valid'), (e) => console.log('invalid: ' + e.message))",
        ],
        { input: res.text, encoding: 'utf8' },
      );
      expect(verdict.trim()).toBe('valid');
      type Layer = {
        route?: { path: string; methods: Record<string, boolean> };
        handle?: { stack?: Layer[] };
      };
      const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
      const mounted: string[] = [];
      const collect = (layers: Layer[]) => {
        for (const layer of layers) {
          if (layer.route) {
            const p = layer.route.path.startsWith('/api') ? layer.route.path : `/api${layer.route.path}`;
            for (const method of Object.keys(layer.route.methods))
              mounted.push(`${method} ${openApiPath(p)}`);
          } else if (layer.handle?.stack) collect(layer.handle.stack);
        }
      };
      collect(stack);
      const documented = Object.entries(res.json.paths as Record<string, Record<string, unknown>>).flatMap(
        ([p, methods]) => Object.keys(methods).map((m) => `${m} ${p}`),
      );
      expect(mounted.length).toBeGreaterThan(30);
      expect(mounted.filter((r) => !documented.includes(r))).toEqual([]);
      for (const contract of [
        'post /api/auth/login',
        'get /api/tasks',
        'post /api/tasks/{id}/complete',
        'get /api/dashboard/sla',
        'post /api/hr/departures',
        'post /api/surveys/{token}',
      ])
        expect(documented).toContain(contract);
    });
  });
});
