import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { customerModel } from '../models/customer';
import { notificationModel } from '../models/notification';
import { surveyModel } from '../models/survey';
import { creditCodeCheckCharacter } from '../models/unified-social-credit-code';
import { deployOneTaskProcess } from '../test/support/one-task-process';
import { ProcessDriver } from '../test/support/process-driver';
import { startRealWorkers, type RealWorkers } from '../test/support/real-workers';
import { connectProjection, connectTestDatabase, createZeebeClient, waitFor } from '../test/support/stack';
import { newRunId } from '../test/support/test-workers';

const PROCESS = 'test-survey-link';
const CUSTOMER = (() => {
  const first17 = '91440101MA59LNK12';
  return `${first17}${creditCodeCheckCharacter(first17)}`;
})();

/** The real survey worker on the real broker, with a public base URL passed in as gcflow.ts passes it. */
describe('survey invitation links', () => {
  const runId = newRunId('survey-link');
  let zbc: ZBClient;
  let projection: Connection;
  let mongo: Connection;
  let workers: RealWorkers;
  let driver: ProcessDriver;

  beforeAll(async () => {
    zbc = createZeebeClient();
    projection = await connectProjection();
    mongo = await connectTestDatabase('survey-link');
    await customerModel(mongo).create({
      _id: CUSTOMER,
      name: { zh: '广州塔' },
      industry: 'commerce',
      city: 'gz',
      people: [{ name: '王', careLevel: 'contact', mobile: '13800000009', email: 'w@example.test' }],
    });
    await deployOneTaskProcess(zbc, {
      bpmnProcessId: PROCESS,
      jobType: 'gcflow.survey.send',
      headers: { surveyKind: 'complaint-callback' },
    });
    workers = startRealWorkers(
      {
        zbc,
        mongo,
        projection,
        log: () => undefined,
        now: () => new Date(),
        publicBaseUrl: 'https://gcflow.example.cn/portal',
      },
      { runId, only: ['gcflow.survey.send'], timeoutMs: 5000 },
    );
    driver = new ProcessDriver(zbc, projection, runId);
  });

  afterAll(async () => {
    await workers?.close();
    await zbc?.close();
    await mongo?.db?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await projection?.close();
  });

  it('given a public base URL, when the survey goes out, then SMS and e-mail carry the absolute link of its page', async () => {
    const key = await driver.start(PROCESS, { customerId: CUSTOMER, city: 'gz' });
    const survey = await waitFor(() => surveyModel(mongo).findOne({ processInstanceKey: key }).lean(), {
      what: `the survey of ${key}`,
    });
    const sent = await waitFor(
      async () => {
        const all = await notificationModel(mongo)
          .find({ processInstanceKey: key, template: 'survey-invitation' })
          .lean();
        return all.length === 2 && all;
      },
      { what: `both invitations of ${key}` },
    );
    const link = `https://gcflow.example.cn/portal/survey/${survey.token}`;
    for (const n of sent) {
      expect(n.body).toContain(link);
      // no relative link next to it
      expect(n.body).not.toMatch(/(^|[\s：:])\/survey\//);
    }
    expect(sent.map((n) => n.channel).sort()).toEqual(['email', 'sms']);
    await driver.completed(key);
  });
});
