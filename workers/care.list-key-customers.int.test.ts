import { customerModel } from '../models/customer';
import { customerTouchModel } from '../models/customer-touch';
import { elementInstanceModel } from '../models/element-instance';
import { processVariableModel } from '../models/process-variable';
import { creditCodeCheckCharacter } from '../models/unified-social-credit-code';
import { useRealWorkerHarness } from '../test/support/real-worker-harness';
import { waitFor } from '../test/support/stack';

const PROCESS = 'key-customer-care';
const code = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;
const MIDEA = code('91440606MA4UEXAM1');
const GAC = code('91440101MA5CY0UR2');

/**
 * The real gcflow.care.list-key-customers worker feeding the key-customer-care model on the real broker:
 * people stored with the customer model's levels reach the care action of their level, `other` included.
 */
describe('key-customer care levels with the real worker', () => {
  const h = useRealWorkerHarness({
    purpose: 'care-levels',
    processes: [PROCESS],
    seed: (mongo) =>
      customerModel(mongo).insertMany([
        {
          _id: MIDEA,
          name: { zh: '美的集团', en: 'Midea Group' },
          industry: 'manufacturing',
          city: 'fs',
          accountManager: 'am.huang',
          keyCustomer: true,
          people: [
            { name: '周科员', title: '科员', careLevel: 'other', mobile: '13900000001' },
            { name: '李联络', title: '联络人', careLevel: 'contact', mobile: '13900000002' },
          ],
        },
        // another city's key customer: the run for fs leaves it out
        { _id: GAC, name: { zh: '广汽集团' }, industry: 'manufacturing', city: 'gz', keyCustomer: true },
      ]),
  });

  it('given a key customer with a person of level other, when the care run lists and plans it, then that person gets the greeting and a touch record while the contact gets the contact task', async () => {
    const key = await h.driver.start(PROCESS, { careCity: 'fs', careReason: 'test' });
    const listed = await waitFor(
      () =>
        processVariableModel(h.projection)
          .findOne({ processInstanceKey: key, scopeKey: key, name: 'keyCustomers' })
          .lean(),
      { what: `keyCustomers of ${key}` },
    );
    expect(listed.value).toEqual([
      expect.objectContaining({
        customerId: MIDEA,
        keyPeople: [
          { name: '周科员', level: 'other', title: '科员' },
          { name: '李联络', level: 'contact', title: '联络人' },
        ],
      }),
    ]);
    await h.driver.complete(key, 'Task_PlanCare', { residentService: false, conferenceInvitation: false });

    const greeting = await waitFor(
      () =>
        elementInstanceModel(h.projection)
          .findOne({ processInstanceKey: key, elementId: 'Task_OthersGreeting', state: 'completed' })
          .lean(),
      { what: `the greeting of the level-other person in ${key}` },
    );
    expect(greeting).toBeTruthy();
    await h.driver.openTasks(key, 'Task_ContactCare', 1);
    const touches = await waitFor(
      async () => {
        const all = await customerTouchModel(h.mongo).find({ processInstanceKey: key }).lean();
        return all.length > 0 && all;
      },
      { what: `the care touch of ${key}` },
    );
    expect(touches).toEqual([
      expect.objectContaining({
        customerId: MIDEA,
        kind: 'key-person-care',
        summary: 'key-person-care: 周科员',
      }),
    ]);
    // exactly one greeting, none of the other level actions for the level-other person
    const elements = await elementInstanceModel(h.projection).find({ processInstanceKey: key }).lean();
    const count = (id: string) => elements.filter((e) => e.elementId === id).length;
    expect(count('Task_OthersGreeting')).toBe(1);
    expect(count('Task_KeyPersonVisit') + count('Task_ManagementVisit')).toBe(0);
  });
});
