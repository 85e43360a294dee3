import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { customerModel } from '../models/customer';
import { customerTouchModel } from '../models/customer-touch';
import { elementInstanceModel } from '../models/element-instance';
import { processVariableModel } from '../models/process-variable';
import { creditCodeCheckCharacter } from '../models/unified-social-credit-code';
import { ProcessDriver, deployProcessFolders } from '../test/support/process-driver';
import { startRealWorkers, type RealWorkers } from '../test/support/real-workers';
import { connectProjection, connectTestDatabase, createZeebeClient, waitFor } from '../test/support/stack';
import { newRunId } from '../test/support/test-workers';

const PROCESS = 'key-customer-care';
const code = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;
const MIDEA = code('91440606MA4UEXAM1');
const GAC = code('91440101MA5CY0UR2');

/**
 * The real gcflow.care.list-key-customers worker feeding the key-customer-care model on the real broker:
 * people stored with the customer model's levels reach the care action of their level, `other` included.
 */
describe('key-customer care levels with the real worker', () => {
  const runId = newRunId('care-levels');
  let zbc: ZBClient;
  let projection: Connection;
  let mongo: Connection;
  let workers: RealWorkers;
  let driver: ProcessDriver;
  const log: string[] = [];

  beforeAll(async () => {
    zbc = createZeebeClient();
    projection = await connectProjection();
    mongo = await connectTestDatabase('care-levels');
    await customerModel(mongo).insertMany([
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
    ]);
    await deployProcessFolders(zbc, [PROCESS]);
    workers = startRealWorkers(
      { zbc, mongo, projection, log: (l) => log.push(l), now: () => new Date() },
      { runId, timeoutMs: 5000 },
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

  it('given a key customer with a person of level other, when the care run lists and plans it, then that person gets the greeting and a touch record while the contact gets the contact task', async () => {
    const key = await driver.start(PROCESS, { careCity: 'fs', careReason: 'test' });
    const listed = await waitFor(
      () =>
        processVariableModel(projection)
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
    await driver.complete(key, 'Task_PlanCare', { residentService: false, conferenceInvitation: false });

    const greeting = await waitFor(
      () =>
        elementInstanceModel(projection)
          .findOne({ processInstanceKey: key, elementId: 'Task_OthersGreeting', state: 'completed' })
          .lean(),
      { what: `the greeting of the level-other person in ${key}` },
    );
    expect(greeting).toBeTruthy();
    await driver.openTasks(key, 'Task_ContactCare', 1);
    const touches = await waitFor(
      async () => {
        const all = await customerTouchModel(mongo).find({ processInstanceKey: key }).lean();
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
    const elements = await elementInstanceModel(projection).find({ processInstanceKey: key }).lean();
    const count = (id: string) => elements.filter((e) => e.elementId === id).length;
    expect(count('Task_OthersGreeting')).toBe(1);
    expect(count('Task_KeyPersonVisit') + count('Task_ManagementVisit')).toBe(0);
  });
});
