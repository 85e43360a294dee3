/**
 * The web app in headless Chromium (playwright-core, Debian's chromium) against the real stack: the app
 * in-process on port 0 serving the built SPA and the API over a database of its own (demo accounts and
 * customers seeded, all processes deployed with their forms), its own projector and the task assigner —
 * real broker, exporter stream and Mongo-wire server, nothing mocked. A screenshot per screen goes to
 * test-artifacts/screenshots.
 */
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ZBClient } from 'zeebe-node';
import { DEMO_CUSTOMERS } from '../../web/server/demo/demo-data';
import { knowledgeItemModel } from '../../models/knowledge-item';
import { surveyModel } from '../../models/survey';
import { creditCodeCheckCharacter } from '../../models/unified-social-credit-code';
import { processInstanceModel } from '../../models/process-instance';
import { userTaskModel } from '../../models/user-task';
import { deployAllProcesses } from '../../processes/deploy';
import { ensureAppBuilt } from '../../scripts/build-app';
import { createApiRouter } from '../../web/server/api';
import { createApp } from '../../web/server/app';
import { seedDemoData } from '../../web/server/demo/seed-demo-data';
import { listen, type RunningHttpServer } from '../../web/server/http-server';
import { startProjector, type Projector } from '../../web/server/projector';
import { PROJECTED_STREAMS } from '../../web/server/projector/record-changes';
import { storeDeployedResources } from '../../web/server/processes/deployed-resources';
import { createSurveyRouter } from '../../web/server/surveys/routes';
import { startTaskAssigner } from '../../workers/assignment/task-assigner';
import type { RunningPoller } from '../../workers/assignment/task-assigner';
import { launchChromium, shot } from '../support/browser';
import { connectTestDatabase, createZeebeClient, stackEnv, waitFor } from '../support/stack';

jest.setTimeout(180_000);

const PASSWORD = 'browser-pass-1';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const government = DEMO_CUSTOMERS.find((c) => c.industry === 'government')!;
const GOV_CUSTOMER = government.code17 + creditCodeCheckCharacter(government.code17);

describe('the web app in Chromium on the real stack', () => {
  let zbc: ZBClient;
  let db: Connection;
  let redis: Redis;
  let projectorRedis: Redis;
  let projector: Projector;
  let assigner: RunningPoller;
  let server: RunningHttpServer;
  let app: Express;
  let browser: Browser;
  let base: string;
  const group = `browser-test-${crypto.randomBytes(3).toString('hex')}`;
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];

  const api = async (method: string, url: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const token = async (username: string) =>
    (await api('POST', '/api/auth/login', undefined, { username, password: PASSWORD })).json.token as string;

  /** A fresh browser context (its own localStorage) logged in as `username` through the login page. */
  const loginAs = async (username: string, viewport = DESKTOP): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${username}: ${m.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${username}: ${err.message}`));
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('user').waitFor();
    return page;
  };

  /** What the projection holds of an instance and how far this file's projector got: printed when a wait fails. */
  const projectionState = async (processInstanceKey: string): Promise<string> => {
    const streams = await Promise.all(
      PROJECTED_STREAMS.map(async (stream) => {
        const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
        const ours = groups.map((g) => Object.fromEntries(chunk(g))).find((g) => g.name === group);
        return `${stream}: length ${await redis.xlen(stream)}, ${JSON.stringify(ours)}`;
      }),
    );
    const elements = await db
      .collection('elementinstances')
      .find({ processInstanceKey }, { projection: { elementId: 1, state: 1 } })
      .toArray();
    const tasks = await userTaskModel(db).find({ processInstanceKey }).lean();
    return [
      `projector: ${projector.recordsProjected()} records, lag ${projector.lagMs()} ms`,
      ...streams,
      `elements: ${JSON.stringify(elements)}`,
      `tasks: ${JSON.stringify(tasks.map((t) => [t.elementId, t.state, t.assignee]))}`,
      `instance: ${JSON.stringify(await processInstanceModel(db).findById(processInstanceKey).lean())}`,
    ].join('\n');
  };

  beforeAll(async () => {
    ensureAppBuilt();
    zbc = createZeebeClient();
    db = await connectTestDatabase('browser');
    redis = new Redis(stackEnv().redisUrl, { maxRetriesPerRequest: 2 });
    projectorRedis = new Redis(stackEnv().redisUrl, { maxRetriesPerRequest: null });
    // the projector's group starts at the streams' end: this file's database gets this file's records only
    // (not the retained records of earlier files), whatever ran before it
    for (const stream of PROJECTED_STREAMS) await redis.xgroup('CREATE', stream, group, '$', 'MKSTREAM');
    await seedDemoData(db, { nodeEnv: 'test', demoPassword: PASSWORD });
    // as gcflow does at start-up: the definitions too, since an earlier test file may have deployed the same
    // models (Zeebe then answers with the version it has, writing no record this file's group would see)
    await storeDeployedResources(db, await deployAllProcesses(zbc), new Date());
    await knowledgeItemModel(db).create({
      _id: 'solutions/browser-gov-template',
      library: 'solutions',
      title: { zh: '政务云需求调研模板', en: 'Government cloud demand research template' },
      summary: '政务云上云需求的调研提纲与价值评估要点',
      industry: 'government',
      salesStage: 'pre-sales',
      isTemplate: true,
      tags: ['cloud'],
      createdAt: new Date(),
    });
    await Promise.all([userTaskModel(db).syncIndexes(), processInstanceModel(db).syncIndexes()]);
    // their lines go to the test output: a scenario that waits in vain then shows whether the projection or the
    // assignment behind it failed (with projectionState, printed by the waits that depend on the projection)
    const diagnostic = (line: string) => console.warn(`[browser test] ${line}`);
    projector = await startProjector({
      redis: projectorRedis,
      mongo: db,
      group,
      consumer: 'browser-test',
      log: diagnostic,
    });
    assigner = startTaskAssigner({ mongo: db, projection: db, log: diagnostic, now: () => new Date() });
    const log = () => undefined;
    app = createApp({
      zbc,
      mongo: db,
      redis,
      projectorGroup: group,
      log,
      webAppDir: path.resolve(__dirname, '../../web/app/dist'),
      apiRouters: [
        createApiRouter({
          zbc,
          mongo: db,
          redis,
          projectorGroup: group,
          jwtSecret: crypto.randomBytes(32).toString('hex'),
          loginRateLimit: 100,
          eventPollMs: 300,
          log,
        }),
        createSurveyRouter({ zbc, mongo: db, now: () => new Date() }),
      ],
    });
    server = await listen(app, 0, '127.0.0.1');
    base = server.url;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
    await assigner?.stop();
    await projector?.stop();
    for (const stream of PROJECTED_STREAMS)
      await redis.xgroup('DESTROY', stream, group).catch(() => undefined);
    redis?.disconnect();
    projectorRedis?.disconnect();
    await db?.dropDatabase();
    await db?.close();
    await zbc?.close();
  });

  it('given a designer, when a model from elsewhere fails lint and is then fixed in the properties panel, then deploy is refused first and succeeds after', async () => {
    const processId = `browser-deploy-${crypto.randomBytes(3).toString('hex')}`;
    const page = await loginAs('designer');
    await page.waitForURL(/\/modeler$/);
    await page.locator('.djs-container').waitFor();
    const xml = readFileSync(path.join(__dirname, 'web-app.designer-deploy.bpmn'), 'utf8').replace(
      /PROCESS_ID/g,
      processId,
    );
    await page
      .getByTestId('open-file')
      .setInputFiles({ name: `${processId}.bpmn`, mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await page.locator('[data-element-id="Task_Notify"]').waitFor();
    await expectText(page.getByTestId('lint-status'), /检查问题/);
    // the finding is shown on the element itself
    const marker = page.locator('.djs-overlays[data-container-id="Task_Notify"] .bjsl-icon-error');
    await marker.waitFor();
    // visible, not only present: a marker whose colours are undefined is a white icon on a transparent badge
    const background = await marker.evaluate((e) => {
      // runs in the page (the test's own types have no DOM)
      const view = globalThis as unknown as { getComputedStyle(el: unknown): { backgroundColor: string } };
      return view.getComputedStyle(e).backgroundColor;
    });
    expect(background).not.toMatch(/^(rgba\(0, 0, 0, 0\)|transparent)$/);
    // bpmn-js's own labels in Chinese too: the lint summary, the palette, the properties groups
    await expectText(page.locator('.bjsl-button'), /1 个错误/);
    await page.locator('.djs-palette [aria-label="创建开始事件"]').waitFor();
    await page.locator('.bio-properties-panel-group-header-title', { hasText: '常规' }).first().waitFor();
    await page.getByTestId('deploy').click();
    await page.getByText(/部署被拒绝/).waitFor();
    expect(
      (await api('GET', '/api/processes', await token('designer'))).json.some(
        (d: { bpmnProcessId: string }) => d.bpmnProcessId === processId,
      ),
    ).toBe(false);
    await page.screenshot({ path: shot('modeler-lint-findings') });

    // the change: the service task gets its job type in the Zeebe properties
    await page.locator('[data-element-id="Task_Notify"]').click();
    await page.locator('[data-group-id="group-taskDefinition"] .bio-properties-panel-group-header').click();
    await page.locator('#bio-properties-panel-taskDefinitionType').fill('gcflow.notify.staff');
    await expectText(page.getByTestId('lint-status'), /检查通过/);
    await page.getByTestId('deploy').click();
    await expectText(page.getByTestId('lint-status'), new RegExp(`已部署 ${processId} 版本 1`));
    await page.getByTestId('versions').getByText('v1').waitFor();
    await page.screenshot({ path: shot('modeler-deployed') });
    const deployed = (await api('GET', '/api/processes', await token('designer'))).json.find(
      (d: { bpmnProcessId: string }) => d.bpmnProcessId === processId,
    );
    expect(deployed).toMatchObject({ bpmnProcessId: processId, version: 1 });
    const deployedXml = (await api('GET', `/api/processes/${deployed.key}/xml`, await token('designer'))).json
      .bpmnXml;
    expect(deployedXml).toContain('type="gcflow.notify.staff"');
  });

  let instanceKey = '';
  it('given an account manager, when she starts requirement mining from the customer view, then the instance view shows the diagram with its active task', async () => {
    const page = await loginAs('am.gz');
    await page.waitForURL(/\/inbox$/);
    await page.getByRole('link', { name: '客户' }).click();
    await page.getByTestId('customer-list').getByText(government.name.zh).waitFor();
    await page.screenshot({ path: shot('customer-list') });
    await page.getByTestId('customer-list').getByText(government.name.zh).click();
    await page.getByTestId('customer-view').waitFor();
    await page.screenshot({ path: shot('customer-view') });
    // the process's own start form, the customer's facts filled in from the record
    const form = page.getByTestId('start-form');
    await form.locator('select[name=process]').selectOption('requirement-mining');
    const code = form.getByLabel('统一社会信用代码 Unified social credit code');
    await waitFor(async () => (await code.inputValue().catch(() => '')) === GOV_CUSTOMER, {
      what: 'the start form with the customer code filled in',
    });
    expect(await form.getByLabel('客户经理 Account manager (username)').inputValue()).toBe('am.gz');
    await form.getByTestId('start').click();
    await form.getByText('表单有误').waitFor();
    await form
      .locator('.fjs-form-field-select', { hasText: '需求来源' })
      .locator('.fjs-select-display')
      .click();
    await form.locator('.fjs-dropdownlist-item', { hasText: '客户拜访' }).click();
    await form.getByLabel('需求描述 Demand description').fill('政务数据局希望建设政务云灾备与专线互联');
    await page.screenshot({ path: shot('customer-start-form'), fullPage: true });
    await form.getByTestId('start').click();
    await page.waitForURL(/\/instances\/\d+$/);
    instanceKey = page.url().split('/').pop()!;
    const instance = await waitFor(async () => processInstanceModel(db).findById(instanceKey).lean(), {
      what: 'the started instance in the projection',
    });
    expect(instance).toMatchObject({ bpmnProcessId: 'requirement-mining', customerId: GOV_CUSTOMER });
    await page.locator('.djs-container').waitFor();
    await page
      .locator('.gc-token[data-element="Task_CollectDemand"]')
      .waitFor({ timeout: 30_000 })
      .catch(async () => {
        // the projection may lag the redirect: look again
        await page.reload();
        await page.locator('.gc-token[data-element="Task_CollectDemand"]').waitFor();
      })
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\n${await projectionState(instanceKey)}`);
      });
    await page.getByTestId('variables').getByText('demandDescription').waitFor();
    await page.getByTestId('variables').getByText('customer-visit').waitFor();
    await page.screenshot({ path: shot('instance-view') });
  });

  it('given the industry manager on his inbox, when the account manager completes her task, then the screening task appears live; he sees the knowledge map, gets a validation error, then completes the form', async () => {
    const im = await loginAs('im.gov');
    await im.waitForURL(/\/inbox$/);
    await im.getByTestId('task-list').waitFor();
    expect(await im.getByTestId('task-list').getByText('需求价值评估').count()).toBe(0);

    const am = await loginAs('am.gz', PHONE);
    await am
      .getByTestId('task-list')
      .getByText('需求信息收集')
      .first()
      .click({ timeout: 30_000 })
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\n${await projectionState(instanceKey)}`);
      });
    await am.getByTestId('task-form').locator('.fjs-form').waitFor();
    await am.getByLabel('需求详情 Demand details').fill('政务云灾备:两地三中心,专线 10G 互联');
    await am.getByLabel('预计年收入(万元) Expected yearly revenue (10k CNY)').fill('300');
    await am.getByLabel('客户联系人 Customer contact').fill('周强');
    await am.getByLabel('联系电话 Contact phone').fill('13800000009');
    await am.screenshot({ path: shot('task-form-phone'), fullPage: true });
    await am.getByTestId('complete').click();
    await am.getByTestId('task-done').waitFor();

    // no reload on the industry manager's page: the event stream brings the task
    const row = im.getByTestId('task-list').getByText('需求价值评估');
    await row.waitFor({ timeout: 45_000 });
    await im.screenshot({ path: shot('inbox') });
    await row.click();
    const panel = im.getByTestId('task-panel');
    await panel.waitFor();
    const claim = panel.getByRole('button', { name: '认领' });
    if (await claim.isVisible()) await claim.click();
    // the knowledge map: the template for this industry and stage (static), newest and most viewed (dynamic)
    const knowledge = im.getByTestId('knowledge-panel');
    await knowledge.locator('[data-map="static"]').getByText('政务云需求调研模板').waitFor();
    await knowledge.locator('[data-map="newest"]').getByText('政务云需求调研模板').waitFor();
    await knowledge.locator('[data-map="most-viewed"]').getByText('政务云需求调研模板').waitFor();
    await im.getByTestId('customer-card').getByText(government.name.zh).waitFor();
    await im.getByTestId('task-form').locator('.fjs-form').waitFor();
    await im.getByTestId('complete').click();
    await im.getByTestId('form-errors').getByText('表单有误').waitFor();
    expect(await im.locator('.fjs-form-field-error').count()).toBeGreaterThan(0);
    // form-js's own messages are English only: shown in the UI language
    await im.locator('.fjs-form-field-error', { hasText: '此项为必填项' }).first().waitFor();
    expect(await im.locator('.fjs-form-field-error', { hasText: /Field is required/ }).count()).toBe(0);
    await im.screenshot({ path: shot('task-validation-error') });
    await im.getByLabel('市场价值评分 Market value score (1-5)').fill('4');
    await im.getByLabel('战略价值评分 Strategic value score (1-5)').fill('5');
    // right after a field whose error message goes away on blur: the layout must not move under the click
    await im.getByLabel('高 High').check();
    await im.getByLabel('评估说明 Screening note').fill('战略客户,价值高');
    // attachments: a refused kind first, then a PDF stored with the task and downloadable
    const attachments = im.getByTestId('attachments');
    await attachments
      .getByTestId('attachment-input')
      .setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await im.getByText('tool.exe:不支持此文件类型').waitFor();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
    await attachments
      .getByTestId('attachment-input')
      .setInputFiles({ name: '需求评估依据.pdf', mimeType: 'application/pdf', buffer: pdf });
    const attached = attachments.getByRole('button', { name: '需求评估依据.pdf', exact: true });
    await attached.waitFor();
    const downloaded = im.waitForEvent('download');
    await attached.click();
    expect((await downloaded).suggestedFilename()).toBe('需求评估依据.pdf');
    // a file attached by mistake is removed again, after a confirmation
    await attachments
      .getByTestId('attachment-input')
      .setInputFiles({ name: '草稿.txt', mimeType: 'text/plain', buffer: Buffer.from('草稿') });
    const draft = attachments.getByRole('button', { name: '草稿.txt', exact: true });
    await draft.waitFor();
    im.once('dialog', (dialog) => void dialog.accept());
    await attachments.getByRole('button', { name: '删除 草稿.txt' }).click();
    await draft.waitFor({ state: 'detached' });
    await attached.waitFor();
    await im.screenshot({ path: shot('task-attachments'), fullPage: true });
    await im.getByTestId('complete').click();
    await im.getByTestId('task-done').waitFor();
    const screening = await waitFor(
      async () =>
        userTaskModel(db)
          .findOne({
            processInstanceKey: instanceKey,
            elementId: 'Task_ScreenDemandValue',
            state: 'completed',
          })
          .lean(),
      { what: 'the screening task completed in the projection' },
    );
    expect(screening.assignee).toBe('im.gov');
    const variables = (await api('GET', `/api/instances/${instanceKey}`, await token('im.gov'))).json
      .variables;
    expect(variables).toMatchObject({
      demandValue: 'high',
      marketScore: 4,
      strategicScore: 5,
      screeningNote: '战略客户,价值高',
    });
    // the file is listed with the instance's reports, saying which task it came from
    await im.goto(`${base}/instances/${instanceKey}`);
    await im.getByTestId('instance-attachments').getByText('需求评估依据.pdf').waitFor();
    await im.getByTestId('instance-attachments').getByText('需求价值评估').waitFor();
    await im.screenshot({ path: shot('instance-attachments'), fullPage: true });
    await im.getByRole('link', { name: '流程实例', exact: true }).click();
    await im.getByText(instanceKey).first().waitFor();
    await im.screenshot({ path: shot('instance-list') });
  });

  it('given a manager on the dashboard, when a new instance opens a task, then the open figure changes without reload; drill-down and CSV work', async () => {
    const page = await loginAs('manager.prov');
    await page.waitForURL(/\/dashboard$/);
    const open = page.locator('[data-kpi="open"] .kpi-value');
    await open.waitFor();
    const before = Number(await open.textContent());
    const started = await api('POST', '/api/instances', await token('am.gz'), {
      bpmnProcessId: 'requirement-mining',
      variables: {
        customerId: GOV_CUSTOMER,
        customerName: government.name.zh,
        industry: 'government',
        city: 'gz',
        accountManager: 'am.gz',
        sourceChannel: 'data-mining',
        demandDescription: 'dashboard test',
      },
    });
    expect(started.status).toBe(201);
    await waitFor(async () => Number(await open.textContent()) === before + 1, {
      what: `the open figure to go from ${before} to ${before + 1}`,
      timeoutMs: 45_000,
    });
    await page.locator('[data-kpi="open"]').click();
    await page
      .getByTestId('drill-down')
      .getByRole('heading', { name: /明细: 在办/ })
      .waitFor();
    await page.getByTestId('drill-down').getByText(started.json.processInstanceKey).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 CSV' }).click();
    expect((await download).suggestedFilename()).toBe('sla-process.csv');
    await page.screenshot({ path: shot('dashboard'), fullPage: true });
  });

  it('given a customer with a survey link on a phone, when she answers, then the thanks page shows and the link is used', async () => {
    const surveyToken = crypto.randomBytes(32).toString('base64url');
    await surveyModel(db).create({
      _id: `browser-survey-${crypto.randomBytes(4).toString('hex')}`,
      idempotencyKey: `browser/${surveyToken}`,
      token: surveyToken,
      kind: 'complaint-callback',
      processInstanceKey: '1',
      bpmnProcessId: 'complaint-handling',
      questions: [
        {
          id: 'satisfaction',
          kind: 'score-1-5',
          text: { zh: '您对本次投诉处理是否满意?', en: 'How satisfied are you?' },
        },
        { id: 'resolved', kind: 'yes-no', text: { zh: '问题是否已解决?', en: 'Was it resolved?' } },
        { id: 'comment', kind: 'text', required: false, text: { zh: '其他意见', en: 'Anything else?' } },
      ],
      expiresAt: new Date(Date.now() + 86_400_000),
      createdAt: new Date(),
    });
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/survey/${surveyToken}`);
    await page.getByTestId('survey-form').waitFor();
    await page.screenshot({ path: shot('survey-phone'), fullPage: true });
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('请回答此问题').waitFor();
    await page.getByLabel('5 分').check();
    await page.getByLabel('是', { exact: true }).check();
    await page.locator('textarea[name=comment]').fill('响应很快');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByTestId('survey-thanks').waitFor();
    await page.screenshot({ path: shot('survey-thanks-phone') });
    const stored = await surveyModel(db).findOne({ token: surveyToken }).lean();
    expect(stored?.answer).toMatchObject({ satisfaction: 5, resolved: true, comment: '响应很快' });
    await page.reload();
    await page.getByText('此回访链接已使用').waitFor();
    await page.goto(`${base}/survey/${'x'.repeat(43)}`);
    await page.getByText('回访链接无效').waitFor();
  });

  it('given staff on a phone, when the inbox opens, then it renders without the modeler code, and the English switch works', async () => {
    const page = await loginAs('am.gz', PHONE);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    // time to first render (navigation start to the list painted with its tasks), 5 loads: printed, not
    // asserted (machines differ); the scripts of the first load show what the inbox downloads
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${base}/inbox`);
      await page.getByTestId('task-list').locator('li').first().waitFor();
      await page.waitForFunction(() => performance.getEntriesByName('gcflow:inbox-painted').length > 0);
      samples.push(
        await page.evaluate(() => performance.getEntriesByName('gcflow:inbox-painted')[0]!.startTime),
      );
    }
    const median = [...samples].sort((a, b) => a - b)[2]!;
    process.stdout.write(
      `inbox first render: median ${Math.round(median)} ms of ${samples.map(Math.round).join(', ')} ms; ` +
        `scripts: ${[...new Set(scripts.map((s) => s.split('/').pop()))].join(' ')}\n`,
    );
    expect(scripts.some((s) => /modeler-screen|form-editor|dashboard-screen/.test(s))).toBe(false);
    await page.screenshot({ path: shot('inbox-phone'), fullPage: true });
    await page.getByTestId('lang').selectOption('en');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    // the task's English name from its model (the dashboard scenario left am.gz a demand to collect)
    await page.getByTestId('task-list').getByText('Collect the demand').first().waitFor();
    await page.screenshot({ path: shot('inbox-phone-en') });
    await page.getByTestId('lang').selectOption('zh-CN');
  });

  it('given an administrator, then the accounts, the audit log and the incidents are shown; the modeler is not in the navigation', async () => {
    const page = await loginAs('admin');
    await page.waitForURL(/\/admin$/);
    await page.getByTestId('staff').getByText('im.gov').waitFor();
    expect(await page.getByRole('link', { name: '流程设计' }).count()).toBe(0);
    await page.screenshot({ path: shot('admin'), fullPage: true });
    const login = await browser.newPage({ viewport: DESKTOP });
    await login.goto(`${base}/login`);
    await login.screenshot({ path: shot('login') });
    await login.close();
    expect(consoleErrors.filter((e) => !/401|409|422|Failed to load resource/.test(e))).toEqual([]);
  });
});

/** XINFO's flat [name, value, name, value…] reply as pairs. */
function chunk(flat: unknown[]): [string, unknown][] {
  const pairs: [string, unknown][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([String(flat[i]), flat[i + 1]]);
  return pairs;
}

async function expectText(locator: import('playwright-core').Locator, pattern: RegExp): Promise<void> {
  await waitFor(async () => pattern.test((await locator.textContent()) ?? ''), { what: `text ${pattern}` });
}
