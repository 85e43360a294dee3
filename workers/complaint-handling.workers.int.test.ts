import { spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { accountManagerProposalModel } from '../models/account-manager-proposal';
import { assignmentDecisionModel } from '../models/assignment-decision';
import { customerModel } from '../models/customer';
import { knowledgeItemModel } from '../models/knowledge-item';
import { notificationModel } from '../models/notification';
import { processVariableModel } from '../models/process-variable';
import { reportArtifactModel } from '../models/report-artifact';
import { slaPolicyDocumentModel } from '../models/sla-policy';
import { slaRecordModel } from '../models/sla-record';
import { staffModel } from '../models/staff';
import { surveyModel } from '../models/survey';
import { creditCodeCheckCharacter } from '../models/unified-social-credit-code';
import { userTaskModel } from '../models/user-task';
import { ProcessDriver, deployProcessFolders } from '../test/support/process-driver';
import { startRealWorkers, type RealWorkers } from '../test/support/real-workers';
import { connectProjection, connectTestDatabase, createZeebeClient, waitFor } from '../test/support/stack';
import { newRunId } from '../test/support/test-workers';
import { createApp } from '../web/server/app';
import { confirmAccountManagerProposal, recordDeparture } from '../web/server/hr/departure.service';
import { listen, type RunningHttpServer } from '../web/server/http-server';
import { createSurveyRouter } from '../web/server/surveys/routes';
import { startTaskAssigner, type RunningPoller } from './assignment/task-assigner';
import { startSlaMonitor } from './sla/sla-monitor';

const PROCESS = 'complaint-handling';
const CRASHING_WORKER = path.join(__dirname, '..', 'test', 'support', 'crashing-worker.ts');
const code = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;
const CUSTOMER = code('91440101MA59ABCD1');
const CUSTOMER_2 = code('91440101MA59ABCE2');

const STAFF = [
  {
    username: 'ch.a',
    roles: ['complaint-handler'],
    city: 'gz',
    level: 'city',
    managerUsername: 'manager.gz',
  },
  { username: 'ch.b', roles: ['complaint-handler'], city: 'gz', level: 'city', onLeave: true },
  { username: 'ch.prov', roles: ['complaint-handler'], city: null, level: 'province' },
  {
    username: 'se.gz1',
    roles: ['support-engineer'],
    city: 'gz',
    level: 'city',
    managerUsername: 'manager.gz',
  },
  {
    username: 'se.gz2',
    roles: ['support-engineer'],
    city: 'gz',
    level: 'city',
    managerUsername: 'manager.gz',
  },
  {
    username: 'am.chen',
    roles: ['account-manager'],
    city: 'gz',
    level: 'city',
    managerUsername: 'manager.gz',
  },
  { username: 'am.li', roles: ['account-manager'], city: 'gz', level: 'city', managerUsername: 'manager.gz' },
  { username: 'manager.gz', roles: ['manager'], city: 'gz', level: 'city', email: 'manager.gz@example.test' },
  { username: 'manager.prov', roles: ['manager'], city: null, level: 'province' },
];

/**
 * The complaint process 投诉处理 run by the real workers, the task assigner and the SLA monitor on the real
 * broker; the workers' data in a database of this file, tasks and variables in the projection.
 */
describe('complaint handling with the real workers', () => {
  const runId = newRunId('complaint-workers');
  let zbc: ZBClient;
  let projection: Connection;
  let mongo: Connection;
  let redis: Redis;
  let workers: RealWorkers;
  let pollers: RunningPoller[];
  let server: RunningHttpServer;
  let driver: ProcessDriver;
  const mine: string[] = [];
  const log: string[] = [];
  const deps = () => ({ zbc, mongo, projection, log: (l: string) => log.push(l), now: () => new Date() });

  beforeAll(async () => {
    zbc = createZeebeClient();
    projection = await connectProjection();
    mongo = await connectTestDatabase('complaint-workers');
    redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 2 });
    await staffModel(mongo).insertMany(
      STAFF.map((s) => ({ passwordHash: 'x', displayName: { zh: s.username, en: s.username }, ...s })),
    );
    await customerModel(mongo).insertMany([
      {
        _id: CUSTOMER,
        name: { zh: '广州地铁集团', en: 'Guangzhou Metro Group' },
        industry: 'transport',
        city: 'gz',
        accountManager: 'am.chen',
        people: [{ name: '李工', careLevel: 'contact', mobile: '13800138000', email: 'li@example.test' }],
      },
      { _id: CUSTOMER_2, name: { zh: '广州港' }, industry: 'transport', city: 'gz', accountManager: 'am.li' },
    ]);
    // short test policy: a grave complaint warns after 3 s and breaches after 8 s
    await slaPolicyDocumentModel(mongo).create({
      _id: 'complaint-grave',
      name: { zh: '重大投诉（测试）', en: 'Grave complaint (test)' },
      responseTargetMs: 1000,
      resolutionTargetMs: 8000,
      warnAtRatio: 0.375,
      calendar: '24x7',
      pauseWhileWaitingForCustomer: false,
    });
    await deployProcessFolders(zbc, [PROCESS]);
    workers = startRealWorkers({ ...deps(), zbc }, { runId, timeoutMs: 5000 });
    const scope = () => ({ processInstanceKey: { $in: [...mine] } });
    pollers = [
      startTaskAssigner(deps(), { intervalMs: 200, scope }),
      startSlaMonitor(deps(), { intervalMs: 500, scope }),
    ];
    const app = createApp({
      zbc,
      mongo,
      redis,
      projectorGroup: 'gcflow-projector',
      log: (l) => log.push(l),
      apiRouters: [createSurveyRouter({ zbc, mongo, now: () => new Date() })],
    });
    server = await listen(app, 0, '127.0.0.1');
    driver = new ProcessDriver(zbc, projection, runId);
  });

  afterAll(async () => {
    await server?.close();
    await Promise.all((pollers ?? []).map((p) => p.stop()));
    await workers?.close();
    await zbc?.close();
    redis?.disconnect();
    await mongo?.db?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await projection?.close();
  });

  const intake = (extra: Record<string, unknown> = {}) => ({
    customerId: CUSTOMER,
    customerName: '广州地铁集团 Guangzhou Metro Group',
    industry: 'transport',
    city: 'gz',
    accountManager: 'am.chen',
    channel: 'hotline',
    description: '专线频繁中断 The dedicated line drops several times a day',
    ...extra,
  });

  async function start(extra: Record<string, unknown> = {}): Promise<string> {
    const key = await driver.start(PROCESS, intake(extra));
    mine.push(key);
    return key;
  }

  /** The open task once the assigner decided it. */
  const assignedTask = (key: string, elementId: string) =>
    waitFor(
      async () => {
        const task = await userTaskModel(projection)
          .findOne({ processInstanceKey: key, elementId, state: 'open' })
          .lean();
        return task?.assignmentDecidedAt ? task : undefined;
      },
      { what: `${elementId} of ${key} assigned`, timeoutMs: 30_000 },
    );

  const rootVariable = async (key: string, name: string) =>
    (await processVariableModel(projection).findOne({ processInstanceKey: key, scopeKey: key, name }).lean())
      ?.value;

  const grade = (key: string, complaintGrade: string) =>
    driver.complete(key, 'Task_GradeComplaint', {
      category: 'network',
      grade: complaintGrade,
      cause: '光缆被施工挖断 Fibre cut by road works',
    });

  async function resolve(key: string) {
    await driver.complete(key, 'Task_HandleFault', {
      faultCause: '光缆中断 Fibre cut',
      actionTaken: '抢修熔接 Spliced',
      firstTimeResolved: true,
    });
    await driver.complete(key, 'Task_ConfirmResolution', {
      resolutionCode: 'fixed',
      resolutionSummary: '线路已恢复 Line restored',
    });
  }

  const surveyOf = (key: string, round = 0) =>
    waitFor(
      async () => {
        const surveys = await surveyModel(mongo)
          .find({ processInstanceKey: key })
          .sort({ createdAt: 1 })
          .lean();
        return surveys[round];
      },
      { what: `survey ${round} of ${key}`, timeoutMs: 30_000 },
    );

  it('given a grading task with rule least-loaded, when it opens, then the available handler of the city gets it and the decision records rule and reason', async () => {
    const key = await start();
    const task = await assignedTask(key, 'Task_GradeComplaint');
    expect(task.assignee).toBe('ch.a');
    const decision = await assignmentDecisionModel(mongo).findById(`${task._id}/initial`).lean();
    expect(decision).toMatchObject({
      assignee: 'ch.a',
      rule: 'least-loaded',
      cause: 'new-task',
      fallback: false,
    });
    expect(decision?.reason?.en).toContain('skipped ch.b (is on leave)');
    expect(decision?.reason?.zh).toContain('负载最低');
  });

  it('given a grave complaint under a short test policy, when the fault is not handled in time, then the warning is recorded and told, and the breach is recorded and escalated to the province', async () => {
    const key = await start();
    await grade(key, 'grave');
    const fault = await assignedTask(key, 'Task_HandleFault');
    expect(['se.gz1', 'se.gz2']).toContain(fault.assignee);
    expect(await rootVariable(key, 'slaPolicy')).toBe('complaint-grave');

    const breached = await waitFor(
      async () => {
        const record = await slaRecordModel(mongo)
          .findOne({ processInstanceKey: key, subject: 'case' })
          .lean();
        return record?.breachedAt && (record.escalatedTo?.length ?? 0) > 0 ? record : undefined;
      },
      { what: `the breach of ${key} recorded`, timeoutMs: 30_000 },
    );
    expect(breached.policyId).toBe('complaint-grave');
    expect(breached.dueAt.getTime() - breached.startedAt.getTime()).toBe(8000);
    expect(breached.warnedAt).toBeInstanceOf(Date);
    expect(breached.warnedAt!.getTime()).toBeLessThan(breached.breachedAt!.getTime());
    expect(breached).toMatchObject({
      state: 'breached',
      met: false,
      holderAtBreach: fault.assignee,
      escalationLevel: 'province',
    });
    expect(breached.escalatedTo).toEqual(expect.arrayContaining(['manager.prov', 'manager.gz']));

    // the escalation is recorded first, then each manager is told
    const sent = await waitFor(
      async () => {
        const all = await notificationModel(mongo).find({ processInstanceKey: key }).lean();
        const told = new Set(all.filter((n) => n.template === 'sla-breach').map((n) => n.to));
        return told.has('manager.prov') && told.has('manager.gz') && all;
      },
      { what: 'the breach notices to both managers' },
    );
    const to = (template: string) => sent.filter((n) => n.template === template).map((n) => n.to);
    expect(to('complaint-grave-alert')).toEqual(expect.arrayContaining(['manager.gz']));
    expect(to('sla-warning')).toEqual(expect.arrayContaining([fault.assignee, 'manager.gz']));
    expect(to('sla-breach')).toEqual(expect.arrayContaining(['manager.prov', 'manager.gz']));
    expect(to('complaint-progress')).toEqual(expect.arrayContaining(['13800138000']));

    // the escalated handling goes to a manager, by its rule
    const escalated = await assignedTask(key, 'Task_EscalatedHandling');
    expect(['manager.gz', 'manager.prov']).toContain(escalated.assignee);
    expect(await rootVariable(key, 'escalatedLevel')).toBe('province');
  });

  it('given a resolved complaint, when the customer answers the survey on the public endpoint with a low score, then the answer is taken once and the complaint reopens one grade higher', async () => {
    const key = await start();
    await grade(key, 'ordinary');
    await resolve(key);
    const survey = await surveyOf(key);
    expect(survey.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(survey.expiresAt.getTime()).toBeGreaterThan(Date.now() + 2 * 24 * 3600 * 1000);
    const invitation = await waitFor(
      () =>
        notificationModel(mongo)
          .findOne({ processInstanceKey: key, template: 'survey-invitation', channel: 'sms' })
          .lean(),
      { what: `the survey invitation of ${key}` },
    );
    expect(invitation.body).toContain(survey.token);

    const page = await fetch(`${server.url}/api/surveys/${survey.token}`);
    expect(page.status).toBe(200);
    const shown = (await page.json()) as { questions: { id: string }[]; answered: boolean };
    expect(shown.questions.map((q) => q.id)).toEqual(['satisfaction', 'resolved', 'comment']);
    expect(shown.answered).toBe(false);

    const post = (body: unknown) =>
      fetch(`${server.url}/api/surveys/${survey.token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ satisfaction: 9, resolved: 'no' })).status).toBe(400);
    expect((await post({ satisfaction: 1, resolved: false, comment: '还是断 still drops' })).status).toBe(
      201,
    );
    expect((await post({ satisfaction: 5, resolved: true })).status).toBe(409);
    expect((await fetch(`${server.url}/api/surveys/not-a-token-at-all-xxxxxxx`)).status).toBe(404);

    const reopened = await assignedTask(key, 'Task_HandleFault');
    expect(reopened.createdAt.getTime()).toBeGreaterThan(survey.createdAt.getTime());
    await waitFor(async () => (await rootVariable(key, 'grade')) === 'serious', {
      what: 'grade raised to serious',
    });
    expect(await rootVariable(key, 'reopenCount')).toBe(1);
    expect(await rootVariable(key, 'slaPolicy')).toBe('complaint-serious');
    const told = await notificationModel(mongo)
      .find({ processInstanceKey: key, template: 'complaint-reopened' })
      .lean();
    expect(told.map((n) => n.to)).toContain('manager.gz');
    expect((await surveyModel(mongo).findById(survey._id).lean())?.answer).toMatchObject({
      satisfaction: 1,
      resolved: false,
    });
  });

  it('given an unanswered survey, when its window ends, then the account manager gets the phone callback, and a satisfied callback stores the report and files the case', async () => {
    const key = await start({ surveyTimeout: 'PT2S' });
    // the report's authors are the tasks' assignees: grade only once the grading task has one
    const grader = (await assignedTask(key, 'Task_GradeComplaint')).assignee;
    await grade(key, 'ordinary');
    await resolve(key);
    await surveyOf(key);
    const callback = await assignedTask(key, 'Task_PhoneCallback');
    expect(callback.assignee).toBe('am.chen');
    const decision = await assignmentDecisionModel(mongo).findById(`${callback._id}/initial`).lean();
    expect(decision?.rule).toBe('account-manager');
    await driver.complete(key, 'Task_PhoneCallback', {
      satisfaction: 5,
      resolved: true,
      callbackNote: '满意 ok',
    });
    await driver.completed(key);

    const reports = await reportArtifactModel(mongo).find({ processInstanceKey: key }).lean();
    expect(reports).toHaveLength(1);
    const report = reports[0]!;
    expect(report).toMatchObject({
      kind: 'customer-need-analysis',
      version: 1,
      customerId: CUSTOMER,
      salesStage: 'after-sales',
    });
    expect(report.authors).toEqual(expect.arrayContaining([grader, 'am.chen']));
    expect(report.taskKeys.length).toBeGreaterThanOrEqual(4);
    expect(report.sections.map((s) => s.heading)).toEqual(expect.arrayContaining(['处理结果 Resolution']));
    const item = await knowledgeItemModel(mongo).findById(report.knowledgeItemId).lean();
    expect(item).toMatchObject({
      library: 'case-library',
      industry: 'transport',
      process: PROCESS,
      salesStage: 'after-sales',
    });
    expect(item?.tags).toEqual(
      expect.arrayContaining(['transport', PROCESS, 'network', 'customer-need-analysis']),
    );
  });

  it('given a handler who leaves, when HR records the departure, then the account is disabled, the open task is reassigned by its rule and the owned customers get a proposal to confirm', async () => {
    const key = await start();
    const task = await assignedTask(key, 'Task_GradeComplaint');
    // earlier tests left tasks open, so the least-loaded handler may be either available one
    const holder = task.assignee!;
    const successor = holder === 'ch.a' ? 'ch.prov' : 'ch.a';
    const result = await recordDeparture(deps(), { username: holder, actor: 'admin' });
    expect(result.reassigned).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ taskKey: task._id, assignee: successor, rule: 'least-loaded' }),
      ]),
    );
    expect((await staffModel(mongo).findOne({ username: holder }).lean())?.active).toBe(false);
    expect((await userTaskModel(projection).findById(task._id).lean())?.assignee).toBe(successor);
    const decision = await assignmentDecisionModel(mongo).findById(`${task._id}/departure/${holder}`).lean();
    expect(decision).toMatchObject({ previousAssignee: holder, assignee: successor, cause: 'departure' });
    // a disabled city handler is named as skipped in the city tier
    if (holder === 'ch.a') expect(decision?.reason?.en).toContain('skipped ch.a (is disabled)');

    const leaving = await recordDeparture(deps(), { username: 'am.li', actor: 'admin' });
    expect(leaving.proposals).toEqual([{ customerId: CUSTOMER_2, proposedUsername: 'am.chen' }]);
    const confirmed = await confirmAccountManagerProposal(deps(), {
      proposalId: `${CUSTOMER_2}/am.li`,
      actor: 'manager.gz',
    });
    expect(confirmed.accountManager).toBe('am.chen');
    expect((await customerModel(mongo).findById(CUSTOMER_2).lean())?.accountManager).toBe('am.chen');
    expect((await accountManagerProposalModel(mongo).findById(`${CUSTOMER_2}/am.li`).lean())?.status).toBe(
      'confirmed',
    );
    // the same departure again changes nothing
    const again = await recordDeparture(deps(), { username: holder, actor: 'admin' });
    expect(again.reassigned).toEqual([]);
  });

  /** Starts the real worker of `jobType` in a child process that hangs before completing; resolves once killed. */
  async function crashingWorker(jobType: string, crashRun: string): Promise<{ killed: Promise<string> }> {
    // node itself with tsx's loader, not the tsx wrapper: SIGKILL must reach the process that runs the worker
    const child = spawn(process.execPath, ['--import', 'tsx', CRASHING_WORKER], {
      env: {
        ...process.env,
        CRASH_DB: mongo.db!.databaseName,
        CRASH_JOB_TYPE: jobType,
        CRASH_RUN_ID: crashRun,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let ready: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const killed = new Promise<string>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready')) ready();
        const done = /side-effects-done (\d+)/.exec(out);
        if (done) {
          child.kill('SIGKILL');
          child.once('exit', () => resolve(done[1]!));
        }
      });
    });
    await isReady;
    return { killed };
  }

  it('given a worker killed mid-job after its side effects, when the job times out and runs again, then no second survey, invitation or report exists', async () => {
    // a run of its own: the crashing workers and then the real ones take only this instance's jobs
    const crashRun = newRunId('complaint-crash');
    const crashDeps = { ...deps(), zbc };
    const others = startRealWorkers(crashDeps, {
      runId: crashRun,
      except: ['gcflow.survey.send', 'gcflow.report.generate'],
    });
    const later: RealWorkers[] = [];
    const crashDriver = new ProcessDriver(zbc, projection, crashRun);
    try {
      const surveyCrash = await crashingWorker('gcflow.survey.send', crashRun);
      const key = await crashDriver.start(PROCESS, intake());
      mine.push(key);
      await crashDriver.complete(key, 'Task_GradeComplaint', {
        category: 'network',
        grade: 'ordinary',
        cause: 'x',
      });
      await crashDriver.complete(key, 'Task_HandleFault', {
        faultCause: 'x',
        actionTaken: 'y',
        firstTimeResolved: true,
      });
      await crashDriver.complete(key, 'Task_ConfirmResolution', {
        resolutionCode: 'fixed',
        resolutionSummary: 'ok',
      });
      const surveyJob = await surveyCrash.killed;
      // the survey and its invitation exist, the job is not completed
      expect(await surveyModel(mongo).countDocuments({ processInstanceKey: key })).toBe(1);
      expect(await rootVariable(key, 'surveyCorrelationKey')).toBeUndefined();

      later.push(startRealWorkers(crashDeps, { runId: crashRun, only: ['gcflow.survey.send'] }));
      // the job comes back after its 2 s timeout and the real worker completes it
      await waitFor(async () => (await rootVariable(key, 'surveyCorrelationKey')) !== undefined, {
        what: `survey job ${surveyJob} completed on its second activation`,
        timeoutMs: 30_000,
      });
      const surveys = await surveyModel(mongo).find({ processInstanceKey: key }).lean();
      expect(surveys).toHaveLength(1);
      expect(await rootVariable(key, 'surveyCorrelationKey')).toBe(surveys[0]!._id);
      const invitations = await notificationModel(mongo)
        .find({ processInstanceKey: key, template: 'survey-invitation' })
        .lean();
      expect(invitations.map((n) => n.channel).sort()).toEqual(['email', 'sms']);

      const reportCrash = await crashingWorker('gcflow.report.generate', crashRun);
      const res = await fetch(`${server.url}/api/surveys/${surveys[0]!.token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ satisfaction: 5, resolved: true }),
      });
      expect(res.status).toBe(201);
      await reportCrash.killed;
      expect(await reportArtifactModel(mongo).countDocuments({ processInstanceKey: key })).toBe(1);
      later.push(startRealWorkers(crashDeps, { runId: crashRun, only: ['gcflow.report.generate'] }));
      await crashDriver.completed(key);
      expect(await reportArtifactModel(mongo).countDocuments({ processInstanceKey: key })).toBe(1);
      expect(await knowledgeItemModel(mongo).countDocuments({ processInstanceKey: key })).toBe(1);
      expect(
        await notificationModel(mongo).countDocuments({
          processInstanceKey: key,
          template: 'survey-invitation',
        }),
      ).toBe(2);
    } finally {
      await Promise.all(later.map((w) => w.close()));
      await others.close();
    }
  }, 120_000);
});
