import { customerModel } from '../../models/customer';
import { notificationModel } from '../../models/notification';
import { slaPolicyDocumentModel } from '../../models/sla-policy';
import { slaRecordModel } from '../../models/sla-record';
import { staffModel } from '../../models/staff';
import { creditCodeCheckCharacter } from '../../models/unified-social-credit-code';
import { userTaskModel } from '../../models/user-task';
import { useRealWorkerHarness } from '../../test/support/real-worker-harness';
import { waitFor } from '../../test/support/stack';
import type { RunningPoller } from '../../workers/assignment/task-assigner';
import { startSlaMonitor } from '../../workers/sla/sla-monitor';

const PROCESS = 'complaint-handling';
const CUSTOMER = (() => {
  const first17 = '91440101MA59PAUW1';
  return `${first17}${creditCodeCheckCharacter(first17)}`;
})();
/** Short test policies: serious complaints pause while waiting for the customer, grave ones do not. */
const RESOLUTION_MS = 10_000;
const WARN_RATIO = 0.5;

/**
 * The SLA clock of a complaint stands still while the case waits for the customer (Task_AwaitCustomer, header
 * `slaPause: customer`), on the real broker with the real workers and the SLA monitor: the wait is recorded as
 * a pause, the deadline moves by it, and the re-entered fault handling's timers fire at the moved deadline.
 */
describe('complaint SLA paused while waiting for the customer', () => {
  const mine: string[] = [];
  const shortPolicy = (id: string, pause: boolean) => ({
    _id: id,
    name: { zh: `${id}（测试）`, en: `${id} (test)` },
    responseTargetMs: 1000,
    resolutionTargetMs: RESOLUTION_MS,
    warnAtRatio: WARN_RATIO,
    calendar: '24x7',
    pauseWhileWaitingForCustomer: pause,
  });
  const h = useRealWorkerHarness({
    purpose: 'sla-pause',
    processes: [PROCESS],
    seed: async (mongo) => {
      await staffModel(mongo).insertMany(
        [
          { username: 'se.p', roles: ['support-engineer'], city: 'gz', level: 'city' },
          { username: 'am.p', roles: ['account-manager'], city: 'gz', level: 'city' },
          { username: 'manager.p', roles: ['manager'], city: 'gz', level: 'city' },
        ].map((s) => ({ passwordHash: 'x', displayName: { zh: s.username, en: s.username }, ...s })),
      );
      await customerModel(mongo).create({
        _id: CUSTOMER,
        name: { zh: '广州白云机场' },
        industry: 'transport',
        city: 'gz',
        accountManager: 'am.p',
        people: [{ name: '陈', careLevel: 'contact', mobile: '13800000077' }],
      });
      await slaPolicyDocumentModel(mongo).insertMany([
        shortPolicy('complaint-serious', true),
        shortPolicy('complaint-grave', false),
      ]);
    },
  });
  let monitor: RunningPoller;

  beforeAll(() => {
    monitor = startSlaMonitor(h.deps(), {
      intervalMs: 300,
      scope: () => ({ processInstanceKey: { $in: [...mine] } }),
    });
  });

  afterAll(async () => {
    await monitor?.stop();
  });

  async function startGraded(grade: string): Promise<string> {
    const key = await h.driver.start(PROCESS, {
      customerId: CUSTOMER,
      customerName: '广州白云机场 Guangzhou Baiyun Airport',
      industry: 'transport',
      city: 'gz',
      accountManager: 'am.p',
      channel: 'hotline',
      description: '专线时断时续 The line drops now and then',
    });
    mine.push(key);
    await h.driver.complete(key, 'Task_GradeComplaint', {
      category: 'network',
      grade,
      cause: '待查 unknown',
    });
    return key;
  }

  const caseRecord = (key: string) =>
    slaRecordModel(h.mongo).findOne({ processInstanceKey: key, subject: 'case' }).lean();
  const rootVariable = (key: string, name: string) => h.rootVariable(key, name);

  /** Completes the fault handling asking the customer for information; returns the wait task once open. */
  async function askCustomer(key: string) {
    await h.driver.complete(key, 'Task_HandleFault', {
      faultCause: '需客户提供机房门禁 Need site access from the customer',
      actionTaken: '已联系 Contacted',
      needCustomerInfo: true,
    });
    const [wait] = await h.driver.openTasks(key, 'Task_AwaitCustomer', 1);
    return wait!;
  }

  it('given a serious complaint whose handler waits for the customer past the original deadline, then the wait is a pause, the deadline moves by it, and the breach comes only at the moved deadline', async () => {
    const key = await startGraded('serious');
    const started = await waitFor(caseRecord.bind(null, key), { what: `the SLA clock of ${key}` });
    expect(started.policyId).toBe('complaint-serious');
    const originalDue = started.dueAt;
    expect(originalDue.getTime() - started.startedAt.getTime()).toBe(RESOLUTION_MS);

    const wait = await askCustomer(key);
    expect(wait.customHeaders).toMatchObject({ slaPause: 'customer' });
    // while the wait runs the monitor shows an open pause and a deadline beyond the original one
    const during = await waitFor(
      async () => {
        const r = await caseRecord(key);
        return r?.pauses?.[0]?.to === null && r.dueAt.getTime() > originalDue.getTime() && r;
      },
      { what: `an open pause on the clock of ${key}` },
    );
    expect(during.pauses[0]).toMatchObject({ taskKey: wait._id, elementId: 'Task_AwaitCustomer' });
    expect(during.completedAt ?? null).toBeNull();
    // the waiting task is never at risk: the monitor leaves its SLA state empty
    expect((await userTaskModel(h.projection).findById(wait._id).lean())?.slaState ?? null).toBeNull();

    // the customer answers only after the original deadline has passed
    await waitFor(() => Date.now() > originalDue.getTime() + 1000, {
      what: 'the original deadline to pass',
      timeoutMs: RESOLUTION_MS + 5000,
    });
    expect((await caseRecord(key))?.breachedAt ?? null).toBeNull();
    await h.driver.complete(key, 'Task_AwaitCustomer', { customerInfo: '门禁已开通 Access granted' });

    // fault handling again, under the moved deadlines that resume-clock wrote for its timers
    const again = await waitFor(
      () =>
        userTaskModel(h.projection)
          .findOne({ processInstanceKey: key, elementId: 'Task_HandleFault', state: 'open' })
          .lean(),
      { what: `fault handling of ${key} entered again` },
    );
    const resumed = await waitFor(
      async () => {
        const r = await caseRecord(key);
        return r?.pauses?.[0]?.to && r;
      },
      { what: `the closed pause of ${key}` },
    );
    const closedWait = (await userTaskModel(h.projection).findById(wait._id).lean())!;
    const pause = resumed.pauses[0]!;
    expect(resumed.pauses).toHaveLength(1);
    expect(pause.from).toEqual(closedWait.createdAt);
    expect(pause.to!.getTime()).toBeGreaterThanOrEqual(closedWait.closedAt!.getTime());
    expect(pause.to!.getTime()).toBeLessThanOrEqual(again.createdAt.getTime());
    const pausedMs = pause.to!.getTime() - pause.from.getTime();
    // 24x7: the whole wait is taken out of the clock
    expect(resumed.pausedMs).toBe(pausedMs);
    expect(resumed.dueAt.getTime() - resumed.startedAt.getTime()).toBe(RESOLUTION_MS + pausedMs);
    expect(resumed.warnAt.getTime() - resumed.startedAt.getTime()).toBe(
      RESOLUTION_MS * WARN_RATIO + pausedMs,
    );
    expect(resumed.dueAt.getTime()).toBeGreaterThan(originalDue.getTime());
    expect(await rootVariable(key, 'slaDueAt')).toBe(resumed.dueAt.toISOString());
    expect(await rootVariable(key, 'slaWarnAt')).toBe(resumed.warnAt.toISOString());
    expect(await rootVariable(key, 'slaPausedMs')).toBe(pausedMs);
    // the inbox shows the re-entered task with the moved deadline
    await waitFor(
      async () =>
        (await userTaskModel(h.projection).findById(again._id).lean())?.slaDueAt?.getTime() ===
        resumed.dueAt.getTime(),
      { what: 'the moved deadline on the re-entered task' },
    );

    // the re-entered timers fire at the moved deadline: the breach is recorded then, and escalates
    const breached = await waitFor(
      async () => {
        const r = await caseRecord(key);
        return r?.breachedAt && r;
      },
      { what: `the breach of ${key}`, timeoutMs: RESOLUTION_MS + 30_000 },
    );
    expect(breached.breachedAt!.getTime()).toBeGreaterThanOrEqual(resumed.dueAt.getTime());
    expect(breached.dueAt).toEqual(resumed.dueAt);
    expect(breached.holderAtBreach).toBe(
      (await userTaskModel(h.projection).findById(again._id).lean())?.assignee ?? null,
    );
    await h.driver.openTasks(key, 'Task_EscalatedHandling', 1);
    // warned once per record, although the warning timer fired before and after the wait
    const warnings = await notificationModel(h.mongo)
      .find({ processInstanceKey: key, template: 'sla-warning' })
      .lean();
    expect(new Set(warnings.map((n) => n.to)).size).toBe(warnings.length);
  }, 90_000);

  it('given a grave complaint (its policy does not pause), when the handler waits for the customer, then the deadline stays', async () => {
    const key = await startGraded('grave');
    const started = await waitFor(caseRecord.bind(null, key), { what: `the SLA clock of ${key}` });
    expect(started.policyId).toBe('complaint-grave');
    await askCustomer(key);
    await h.driver.complete(key, 'Task_AwaitCustomer', { customerInfo: '已确认 Confirmed' });
    await h.driver.openTasks(key, 'Task_HandleFault', 1);
    const resumed = await waitFor(
      async () => {
        const r = await caseRecord(key);
        return r?.pauses?.[0]?.to && r;
      },
      { what: `the recorded wait of ${key}` },
    );
    expect(resumed.pausedMs).toBe(0);
    expect(resumed.dueAt).toEqual(started.dueAt);
    expect(await rootVariable(key, 'slaDueAt')).toBe(started.dueAt.toISOString());
  }, 60_000);
});
