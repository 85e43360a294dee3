/**
 * Task attachments through the HTTP API on the real stack: a task of a real instance (broker, exporter
 * stream, projector), files in GridFS on the Mongo-wire server the stack runs (FerretDB), the API on port 0.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { auditEntryModel } from '../../../models/audit-entry';
import { REPORT_ATTACHMENT_BUCKET, reportArtifactModel } from '../../../models/report-artifact';
import { staffModel } from '../../../models/staff';
import { taskAttachmentModel } from '../../../models/task-attachment';
import { userTaskModel } from '../../../models/user-task';
import { connectTestDatabase, createZeebeClient, stackEnv, waitFor } from '../../../test/support/stack';
import { startJobWorkers, type RunningWorkers } from '../../../workers';
import { generateReportWorker } from '../../../workers/report.generate';
import { createApiRouter } from '../api';
import { createApp } from '../app';
import { listen, type RunningHttpServer } from '../http-server';
import { startProjector, type Projector } from '../projector';
import { PROJECTED_STREAMS } from '../projector/record-changes';

const PASSWORD = 'attach-pass-1';
const ACCOUNTS = [
  { username: 'am.gz', roles: ['account-manager'], city: 'gz' },
  { username: 'am2.gz', roles: ['account-manager'], city: 'gz' },
  { username: 'am.sz', roles: ['account-manager'], city: 'sz' },
  { username: 'manager.prov', roles: ['manager'], city: null },
];
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(2000), Buffer.from('\n%%EOF\n')]);
// larger than GridFS's 255 KiB chunk: the file is stored in several chunks
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  crypto.randomBytes(600 * 1024),
]);

describe('task attachments through the API on the real stack', () => {
  let zbc: ZBClient;
  let db: Connection;
  let redis: Redis;
  let projectorRedis: Redis;
  let projector: Projector;
  let workers: RunningWorkers;
  let server: RunningHttpServer;
  let base: string;
  const group = `attachments-test-${crypto.randomBytes(3).toString('hex')}`;
  const tokens: Record<string, string> = {};

  const call = async (
    method: string,
    url: string,
    options: { as?: string; body?: Buffer | string; type?: string; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(options.as ? { authorization: `Bearer ${tokens[options.as]}` } : {}),
        ...(options.type ? { 'content-type': options.type } : {}),
        ...options.headers,
      },
      body: options.body,
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      json = undefined;
    }
    return { status: res.status, json, bytes, headers: res.headers };
  };
  const upload = (taskKey: string, filename: string, body: Buffer | string, type: string, as = 'am.gz') =>
    call('POST', `/api/tasks/${taskKey}/attachments?filename=${encodeURIComponent(filename)}`, {
      as,
      body,
      type,
    });

  /** Starts an instance whose one user task is assigned to `assignee` and waits for the projected task. */
  const openTask = async (assignee: string, city = 'gz') => {
    const { processInstanceKey } = await zbc.createProcessInstance({
      bpmnProcessId: 'api-attachments',
      variables: { assignee, city, customerId: `customer-${city}` },
    });
    return waitFor(
      async () => {
        const task = await userTaskModel(db).findOne({ processInstanceKey, state: 'open' }).lean();
        return task?.city ? task : undefined;
      },
      { what: `the task of ${processInstanceKey} with its city in the projection` },
    );
  };

  beforeAll(async () => {
    zbc = createZeebeClient();
    db = await connectTestDatabase('attachments');
    redis = new Redis(stackEnv().redisUrl, { maxRetriesPerRequest: 2 });
    projectorRedis = new Redis(stackEnv().redisUrl, { maxRetriesPerRequest: null });
    const passwordHash = await bcrypt.hash(PASSWORD, 4);
    await staffModel(db).insertMany(
      ACCOUNTS.map((a) => ({
        ...a,
        displayName: { zh: a.username, en: a.username },
        passwordHash,
        level: a.city ? 'city' : 'province',
        teams: [],
        active: true,
      })),
    );
    projector = await startProjector({
      redis: projectorRedis,
      mongo: db,
      group,
      consumer: 'attachments-test',
    });
    await zbc.deployResource({ processFilename: path.join(__dirname, 'attachments.one-task.bpmn') });
    // the real report worker: a completed task's files go into the instance's report
    workers = startJobWorkers(
      { zbc, mongo: db, projection: db, log: () => undefined, now: () => new Date() },
      [generateReportWorker],
    );
    const log = () => undefined;
    const app = createApp({
      zbc,
      mongo: db,
      redis,
      projectorGroup: group,
      log,
      apiRouters: [
        createApiRouter({
          zbc,
          mongo: db,
          redis,
          projectorGroup: group,
          jwtSecret: crypto.randomBytes(32).toString('hex'),
          loginRateLimit: 100,
          log,
        }),
      ],
    });
    server = await listen(app, 0, '127.0.0.1');
    base = server.url;
    for (const { username } of ACCOUNTS) {
      const res = await call('POST', '/api/auth/login', {
        type: 'application/json',
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      tokens[username] = res.json.token;
    }
  });

  afterAll(async () => {
    await server?.close();
    await workers?.close();
    await projector?.stop();
    for (const stream of PROJECTED_STREAMS)
      await redis.xgroup('DESTROY', stream, group).catch(() => undefined);
    redis?.disconnect();
    projectorRedis?.disconnect();
    await db?.dropDatabase();
    await db?.close();
    await zbc?.close();
  });

  it('given the assignee, when she uploads a PDF and a multi-chunk PNG, then both are stored in GridFS, listed on the task and the instance, and download byte for byte', async () => {
    const task = await openTask('am.gz');
    const pdf = await upload(task._id, '需求说明 v2.pdf', PDF, 'application/pdf');
    expect(pdf.status).toBe(201);
    expect(pdf.json).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      taskKey: task._id,
      processInstanceKey: task.processInstanceKey,
      elementId: 'Task_Attach',
      taskName: '上传资料 Upload documents',
      filename: '需求说明 v2.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: crypto.createHash('sha256').update(PDF).digest('hex'),
      uploadedBy: 'am.gz',
    });
    // a browser that does not know the type declares none in particular
    const png = await upload(task._id, 'site-photo.PNG', PNG, 'application/octet-stream');
    expect(png.status).toBe(201);
    expect(png.json).toMatchObject({ contentType: 'image/png', size: PNG.length });

    // GridFS on the Mongo-wire server: one files document, the content in 255 KiB chunks
    const files = await db
      .collection(`${REPORT_ATTACHMENT_BUCKET}.files`)
      .find({ filename: 'site-photo.PNG' })
      .toArray();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ length: PNG.length, chunkSize: 255 * 1024 });
    expect(
      await db.collection(`${REPORT_ATTACHMENT_BUCKET}.chunks`).countDocuments({ files_id: files[0]!._id }),
    ).toBe(Math.ceil(PNG.length / (255 * 1024)));

    const onTask = await call('GET', `/api/tasks/${task._id}/attachments`, { as: 'am2.gz' });
    expect(onTask.status).toBe(200);
    expect(onTask.json.map((a: { filename: string }) => a.filename)).toEqual([
      '需求说明 v2.pdf',
      'site-photo.PNG',
    ]);
    const onInstance = await call('GET', `/api/instances/${task.processInstanceKey}/attachments`, {
      as: 'manager.prov',
    });
    expect(onInstance.json.map((a: { id: string }) => a.id)).toEqual([pdf.json.id, png.json.id]);

    const downloaded = await call('GET', `/api/attachments/${png.json.id}`, { as: 'am2.gz' });
    expect(downloaded.status).toBe(200);
    expect(downloaded.bytes.equals(PNG)).toBe(true);
    expect(downloaded.headers.get('content-type')).toBe('image/png');
    expect(downloaded.headers.get('x-content-type-options')).toBe('nosniff');
    const pdfBack = await call('GET', `/api/attachments/${pdf.json.id}`, { as: 'am.gz' });
    expect(pdfBack.bytes.equals(PDF)).toBe(true);
    expect(pdfBack.headers.get('content-disposition')).toBe(
      `attachment; filename="_____v2.pdf"; filename*=UTF-8''${encodeURIComponent('需求说明 v2.pdf')}`,
    );
  });

  it('given files that do not fit, then each is refused with its own status and code, and nothing is stored', async () => {
    const task = await openTask('am.gz');
    const refused = [
      [
        await upload(task._id, 'tool.exe', Buffer.from('MZ\x90\x00'), 'application/octet-stream'),
        415,
        'unsupported_file_type',
      ],
      [
        await upload(task._id, 'page.pdf', '<html><script>alert(1)</script>', 'application/pdf'),
        415,
        'content_mismatch',
      ],
      [await upload(task._id, 'report.pdf', PDF, 'text/html'), 415, 'unsupported_file_type'],
      [
        await upload(task._id, 'notes.txt', Buffer.from([0x61, 0x00, 0x62]), 'text/plain'),
        415,
        'content_mismatch',
      ],
      [await upload(task._id, 'empty.pdf', Buffer.alloc(0), 'application/pdf'), 400, 'empty_file'],
      [
        await upload(
          task._id,
          'big.pdf',
          Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
          'application/pdf',
        ),
        413,
        'file_too_large',
      ],
      [await upload(task._id, '../../etc/passwd.txt', 'x', 'text/plain'), 400, 'invalid_input'],
    ] as const;
    for (const [res, status, code] of refused) {
      expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code });
      expect(res.json.error.message).toEqual(expect.any(String));
    }
    const injected = await call('POST', `/api/tasks/${task._id}/attachments?filename[$gt]=`, {
      as: 'am.gz',
      body: PDF,
      type: 'application/pdf',
    });
    expect(injected.json.error.code).toBe('unsafe_keys');
    expect(await taskAttachmentModel(db).countDocuments({ taskKey: task._id })).toBe(0);
    // a valid text file after all of that is stored
    const csv = await upload(
      task._id,
      '客户清单.csv',
      '名称,城市\n广州测试,gz\n',
      'application/vnd.ms-excel',
    );
    expect(csv.status).toBe(201);
    expect(csv.json.contentType).toBe('text/csv');
  });

  it('given people other than the assignee, then no token 401, a colleague 403 on upload, another city 404; a completed task takes no more files but keeps its own', async () => {
    const task = await openTask('am.gz');
    const stored = await upload(task._id, 'contract.pdf', PDF, 'application/pdf');
    expect(stored.status).toBe(201);

    const anonymous = await call('POST', `/api/tasks/${task._id}/attachments?filename=a.pdf`, {
      body: PDF,
      type: 'application/pdf',
    });
    expect(anonymous.status).toBe(401);
    expect((await call('GET', `/api/attachments/${stored.json.id}`)).status).toBe(401);
    const colleague = await upload(task._id, 'b.pdf', PDF, 'application/pdf', 'am2.gz');
    expect({ status: colleague.status, code: colleague.json.error.code }).toEqual({
      status: 403,
      code: 'forbidden',
    });
    for (const url of [
      `/api/tasks/${task._id}/attachments`,
      `/api/instances/${task.processInstanceKey}/attachments`,
      `/api/attachments/${stored.json.id}`,
    ]) {
      const otherCity = await call('GET', url, { as: 'am.sz' });
      expect({ url, status: otherCity.status }).toEqual({ url, status: 404 });
    }
    expect((await upload(task._id, 'c.pdf', PDF, 'application/pdf', 'am.sz')).status).toBe(404);
    expect((await call('GET', '/api/attachments/0123456789abcdef01234567', { as: 'am.gz' })).status).toBe(
      404,
    );
    expect((await call('GET', '/api/attachments/not-an-id', { as: 'am.gz' })).status).toBe(400);

    const done = await call('POST', `/api/tasks/${task._id}/complete`, {
      as: 'am.gz',
      type: 'application/json',
      body: JSON.stringify({ variables: {} }),
    });
    expect(done.status).toBe(204);
    const late = await upload(task._id, 'late.pdf', PDF, 'application/pdf');
    expect({ status: late.status, code: late.json.error.code }).toEqual({ status: 409, code: 'task_closed' });
    await waitFor(async () => (await userTaskModel(db).findById(task._id).lean())?.state === 'completed', {
      what: 'the completed task in the projection',
    });
    const kept = await call('GET', `/api/attachments/${stored.json.id}`, { as: 'manager.prov' });
    expect(kept.bytes.equals(PDF)).toBe(true);
    // the report generated after the task keeps the file, downloadable with the report
    const report = await waitFor(
      async () => reportArtifactModel(db).findOne({ processInstanceKey: task.processInstanceKey }).lean(),
      { what: 'the report of the instance' },
    );
    expect(report.attachments).toEqual([
      expect.objectContaining({ fileId: stored.json.id, filename: 'contract.pdf', size: PDF.length }),
    ]);
    const fromReport = await call(
      'GET',
      `/api/artifacts/${encodeURIComponent(report._id)}/attachments/${stored.json.id}`,
      {
        as: 'am.gz',
      },
    );
    expect(fromReport.bytes.equals(PDF)).toBe(true);
  });

  it('given the uploader of an open task, when she removes a file, then it is gone from the list, the download and GridFS; others are refused; a closed task keeps its files', async () => {
    const task = await openTask('am.gz');
    const kept = (await upload(task._id, 'kept.pdf', PDF, 'application/pdf')).json;
    const wrong = (await upload(task._id, 'wrong.png', PNG, 'image/png')).json;
    const gridFsFile = () =>
      db.collection(`${REPORT_ATTACHMENT_BUCKET}.files`).countDocuments({ filename: 'wrong.png' });
    expect(await gridFsFile()).toBe(1);

    expect((await call('DELETE', `/api/attachments/${wrong.id}`)).status).toBe(401);
    const colleague = await call('DELETE', `/api/attachments/${wrong.id}`, { as: 'am2.gz' });
    expect({ status: colleague.status, code: colleague.json.error.code }).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect((await call('DELETE', `/api/attachments/${wrong.id}`, { as: 'am.sz' })).status).toBe(404);
    expect((await call('DELETE', '/api/attachments/not-an-id', { as: 'am.gz' })).status).toBe(400);

    expect((await call('DELETE', `/api/attachments/${wrong.id}`, { as: 'am.gz' })).status).toBe(204);
    const listed = await call('GET', `/api/tasks/${task._id}/attachments`, { as: 'am.gz' });
    expect(listed.json.map((a: { id: string }) => a.id)).toEqual([kept.id]);
    expect((await call('GET', `/api/attachments/${wrong.id}`, { as: 'am.gz' })).status).toBe(404);
    expect(await gridFsFile()).toBe(0);
    expect(
      await db
        .collection(`${REPORT_ATTACHMENT_BUCKET}.chunks`)
        .countDocuments({ files_id: new mongoose.Types.ObjectId(wrong.id as string) }),
    ).toBe(0);
    expect((await call('DELETE', `/api/attachments/${wrong.id}`, { as: 'am.gz' })).status).toBe(404);
    const audit = await auditEntryModel(db)
      .findOne({ action: 'task-attachment-delete', subject: task._id })
      .lean();
    expect(audit?.actor).toBe('am.gz');
    expect(JSON.parse(audit?.detailsJson ?? '{}')).toMatchObject({ fileId: wrong.id, filename: 'wrong.png' });

    const done = await call('POST', `/api/tasks/${task._id}/complete`, {
      as: 'am.gz',
      type: 'application/json',
      body: JSON.stringify({ variables: {} }),
    });
    expect(done.status).toBe(204);
    const closed = await call('DELETE', `/api/attachments/${kept.id}`, { as: 'am.gz' });
    expect({ status: closed.status, code: closed.json.error.code }).toEqual({
      status: 409,
      code: 'task_closed',
    });
    expect((await call('GET', `/api/attachments/${kept.id}`, { as: 'am.gz' })).bytes.equals(PDF)).toBe(true);
  });

  it('given the OpenAPI document, then the attachment endpoints are in it with the file body', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json;
    const post = doc.paths['/api/tasks/{id}/attachments'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(
      expect.arrayContaining(['application/pdf', 'image/png', 'text/csv']),
    );
    expect(post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'filename', in: 'query', required: true })]),
    );
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '401', '403', '413', '415']));
    expect(doc.paths['/api/tasks/{id}/attachments'].get).toBeDefined();
    expect(doc.paths['/api/instances/{key}/attachments'].get).toBeDefined();
    expect(doc.paths['/api/attachments/{id}'].get).toBeDefined();
  });
});
