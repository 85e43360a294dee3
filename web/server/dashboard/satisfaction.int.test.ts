import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import bcrypt from 'bcryptjs';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { staffModel } from '../../../models/staff';
import { surveyModel } from '../../../models/survey';
import { connectTestDatabase, createZeebeClient, stackEnv } from '../../../test/support/stack';
import { SURVEY_QUESTIONS } from '../../../workers/survey/questions';
import { createApiRouter } from '../api';
import { createApp } from '../app';
import { listen, type RunningHttpServer } from '../http-server';
import { createSurveyRouter } from '../surveys/routes';

const SECRET = crypto.randomBytes(32).toString('hex');
const PASSWORD = 'test-pass-1';
const ACCOUNTS = [
  { username: 'manager.prov', roles: ['manager'], city: null, teams: [] },
  { username: 'manager.gz', roles: ['manager'], city: 'gz', teams: [] },
  { username: 'am.gz', roles: ['account-manager'], city: 'gz', teams: [] },
  { username: 'se.a', roles: ['support-engineer'], city: 'gz', teams: ['network'] },
  { username: 'se.b', roles: ['support-engineer'], city: 'sz', teams: ['network', 'vip'] },
];

/**
 * Satisfaction figures (issue 4) through the API on the real stack: surveys as the survey worker stores them,
 * answered by customers on the public endpoint, read back per process, team, city and handler by managers.
 */
describe('GET /api/dashboard/satisfaction', () => {
  let zbc: ZBClient;
  let db: Connection;
  let redis: Redis;
  let server: RunningHttpServer;
  const tokens: Record<string, string> = {};

  const call = async (method: string, url: string, token?: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
  };

  /** A survey as gcflow.survey.send stores it. */
  async function survey(bpmnProcessId: string, city: string, handler: string | null): Promise<string> {
    const token = crypto.randomBytes(32).toString('base64url');
    const kind = bpmnProcessId === 'marketing-campaign' ? 'marketing-satisfaction' : 'complaint-callback';
    await surveyModel(db).create({
      _id: `srv-${crypto.randomBytes(12).toString('base64url')}`,
      idempotencyKey: crypto.randomUUID(),
      token,
      kind,
      processInstanceKey: String(crypto.randomInt(1e9)),
      bpmnProcessId,
      city,
      handler,
      questions: SURVEY_QUESTIONS[kind],
      expiresAt: new Date(Date.now() + 86_400_000),
      createdAt: new Date(),
    });
    return token;
  }

  beforeAll(async () => {
    zbc = createZeebeClient();
    db = await connectTestDatabase('satisfaction');
    redis = new Redis(stackEnv().redisUrl, { maxRetriesPerRequest: 2 });
    const passwordHash = await bcrypt.hash(PASSWORD, 4);
    await staffModel(db).insertMany(
      ACCOUNTS.map((a) => ({
        displayName: { zh: a.username, en: a.username },
        passwordHash,
        level: a.city ? 'city' : 'province',
        active: true,
        ...a,
      })),
    );
    const app = createApp({
      zbc,
      mongo: db,
      redis,
      projectorGroup: 'satisfaction-test',
      log: () => undefined,
      apiRouters: [
        createApiRouter({
          zbc,
          mongo: db,
          redis,
          projectorGroup: 'satisfaction-test',
          jwtSecret: SECRET,
          log: () => undefined,
        }),
        createSurveyRouter({ zbc, mongo: db, now: () => new Date() }),
      ],
    });
    server = await listen(app, 0, '127.0.0.1');
    for (const a of ['manager.prov', 'manager.gz', 'am.gz']) {
      const res = await call('POST', '/api/auth/login', undefined, { username: a, password: PASSWORD });
      tokens[a] = res.json.token;
    }
    // the customers answer on the public page
    const answers: Array<[string, string, string | null, number, boolean]> = [
      ['complaint-handling', 'gz', 'se.a', 5, true],
      ['complaint-handling', 'gz', 'se.b', 1, false],
      ['complaint-handling', 'sz', 'se.b', 4, true],
      ['marketing-campaign', 'sz', null, 3, true],
    ];
    for (const [process, city, handler, satisfaction, resolved] of answers) {
      const token = await survey(process, city, handler);
      const res = await call('POST', `/api/surveys/${token}`, undefined, { satisfaction, resolved });
      expect(res.status).toBe(201);
    }
    // sent but never answered: not a figure
    await survey('complaint-handling', 'gz', 'se.a');
  });

  afterAll(async () => {
    await server?.close();
    redis?.disconnect();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
    await zbc?.close();
  });

  const figures = async (query: string, as = 'manager.prov') => {
    const res = await call('GET', `/api/dashboard/satisfaction?${query}`, tokens[as]);
    expect(res.status).toBe(200);
    return res.json as {
      city: string | null;
      totals: { answered: number; avgSatisfaction: number | null; lowScores: number };
      rows: Array<{
        group: string;
        answered: number;
        avgSatisfaction: number | null;
        resolvedPct: number | null;
      }>;
    };
  };
  const table = (rows: Array<{ group: string; answered: number; avgSatisfaction: number | null }>) =>
    rows.map((r) => [r.group, r.answered, r.avgSatisfaction]);

  it('given answered surveys, then a province manager reads the figures per process, team, city and handler', async () => {
    const byProcess = await figures('groupBy=process');
    expect(byProcess.totals).toMatchObject({ answered: 4, avgSatisfaction: 3.25, lowScores: 1 });
    expect(table(byProcess.rows)).toEqual([
      ['complaint-handling', 3, 3.33],
      ['marketing-campaign', 1, 3],
    ]);
    expect(byProcess.rows[0]).toMatchObject({ resolvedPct: 66.7 });
    expect(table((await figures('groupBy=city')).rows)).toEqual([
      ['gz', 2, 3],
      ['sz', 2, 3.5],
    ]);
    expect(table((await figures('groupBy=handler')).rows)).toEqual([
      ['-', 1, 3],
      ['se.a', 1, 5],
      ['se.b', 2, 2.5],
    ]);
    expect(table((await figures('groupBy=team')).rows)).toEqual([
      ['-', 1, 3],
      ['network', 3, 3.33],
      ['vip', 2, 2.5],
    ]);
    expect(table((await figures('groupBy=handler&bpmnProcessId=complaint-handling&city=sz')).rows)).toEqual([
      ['se.b', 1, 4],
    ]);
  });

  it('given a city manager, then only their city counts, whatever city they ask for', async () => {
    const gz = await figures('groupBy=city&city=sz', 'manager.gz');
    expect(gz.city).toBe('gz');
    expect(table(gz.rows)).toEqual([['gz', 2, 3]]);
  });

  it('given a window before the answers, then nothing counts', async () => {
    const past = await figures(`groupBy=process&from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`);
    expect(past.totals.answered).toBe(0);
    expect(past.rows).toEqual([]);
  });

  it('given no token, another role, an unknown grouping or a Mongo operator, then 401, 403, 400, 400', async () => {
    expect((await call('GET', '/api/dashboard/satisfaction')).status).toBe(401);
    expect((await call('GET', '/api/dashboard/satisfaction', tokens['am.gz'])).status).toBe(403);
    expect(
      (await call('GET', '/api/dashboard/satisfaction?groupBy=task', tokens['manager.prov'])).status,
    ).toBe(400);
    expect(
      (await call('GET', '/api/dashboard/satisfaction?city[$ne]=x', tokens['manager.prov'])).status,
    ).toBe(400);
  });

  it("given API.md's answer shape {score, comment}, then a survey whose resolved question is optional takes it, one that requires it refuses", async () => {
    const marketing = await survey('marketing-campaign', 'gz', null);
    const ok = await call('POST', `/api/surveys/${marketing}`, undefined, {
      score: 2,
      comment: '一般 so-so',
    });
    expect(ok.status).toBe(201);
    expect((await surveyModel(db).findOne({ token: marketing }).lean())?.answer).toMatchObject({
      satisfaction: 2,
      resolved: null,
      comment: '一般 so-so',
    });
    const complaint = await survey('complaint-handling', 'gz', 'se.a');
    const refused = await call('POST', `/api/surveys/${complaint}`, undefined, { score: 4 });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'invalid_answer', details: [{ path: 'resolved' }] });
    const disagree = { satisfaction: 3, score: 4, resolved: true };
    expect((await call('POST', `/api/surveys/${complaint}`, undefined, disagree)).status).toBe(400);
    const extra = { satisfaction: 3, resolved: true, customerId: 'x' };
    expect((await call('POST', `/api/surveys/${complaint}`, undefined, extra)).status).toBe(400);
    // refused answers used nothing up
    expect(
      (await call('POST', `/api/surveys/${complaint}`, undefined, { score: 4, resolved: true })).status,
    ).toBe(201);
  });

  it('given the OpenAPI document, then it describes the endpoint and stays valid OpenAPI 3.1', async () => {
    const res = await call('GET', '/api/openapi.json');
    expect(
      res.json.paths['/api/dashboard/satisfaction'].get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(expect.arrayContaining(['from', 'to', 'groupBy', 'bpmnProcessId', 'city']));
    // swagger-parser ships ES modules: it runs in a node of its own (as in api.int.test.ts)
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
  });
});
