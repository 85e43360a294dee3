import { customerModel } from '../models/customer';
import { notificationModel } from '../models/notification';
import { surveyModel } from '../models/survey';
import { creditCodeCheckCharacter } from '../models/unified-social-credit-code';
import { useRealWorkerHarness } from '../test/support/real-worker-harness';
import { waitFor } from '../test/support/stack';

const PROCESS = 'test-survey-link';
const CUSTOMER = (() => {
  const first17 = '91440101MA59LNK12';
  return `${first17}${creditCodeCheckCharacter(first17)}`;
})();

/** The real survey worker on the real broker, with a public base URL passed in as gcflow.ts passes it. */
describe('survey invitation links', () => {
  const h = useRealWorkerHarness({
    purpose: 'survey-link',
    oneTaskProcesses: [
      {
        bpmnProcessId: PROCESS,
        jobType: 'gcflow.survey.send',
        headers: { surveyKind: 'complaint-callback' },
      },
    ],
    seed: (mongo) =>
      customerModel(mongo).create({
        _id: CUSTOMER,
        name: { zh: '广州塔' },
        industry: 'commerce',
        city: 'gz',
        people: [{ name: '王', careLevel: 'contact', mobile: '13800000009', email: 'w@example.test' }],
      }),
    only: ['gcflow.survey.send'],
    deps: { publicBaseUrl: 'https://gcflow.example.cn/portal' },
  });

  it('given a public base URL, when the survey goes out, then SMS and e-mail carry the absolute link of its page', async () => {
    const key = await h.driver.start(PROCESS, { customerId: CUSTOMER, city: 'gz' });
    const survey = await waitFor(() => surveyModel(h.mongo).findOne({ processInstanceKey: key }).lean(), {
      what: `the survey of ${key}`,
    });
    const sent = await waitFor(
      async () => {
        const all = await notificationModel(h.mongo)
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
    await h.driver.completed(key);
  });
});
