import { createCnBusinessCalendar } from './cn-holidays';
import { DEFAULT_SLA_POLICIES, DEFAULT_SLA_POLICY_IDS, findSlaPolicy } from './default-policies';
import { businessTimeLeft, computeDeadlines, parseSlaPolicy, slaState, type SlaPolicy } from './sla-policy';

function sh(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const cn = createCnBusinessCalendar();

const businessPolicy: SlaPolicy = {
  id: 'test-business',
  name: { zh: '测试', en: 'Test' },
  responseTargetMs: 2 * HOUR,
  resolutionTargetMs: 8 * HOUR,
  warnAtRatio: 0.75,
  calendar: 'business',
  pauseWhileWaitingForCustomer: true,
};

describe('computeDeadlines', () => {
  it('given an ordinary complaint the day before National Day, then the deadline skips the holiday', () => {
    // 22.5 business hours: 6.5 h on 30 Sep, 7.5 h on 9 and 10 Oct, the last hour on the 调休 Saturday.
    const deadlines = computeDeadlines(findSlaPolicy('complaint-ordinary'), cn, sh('2025-09-30 10:00'));
    expect(deadlines.dueAt).toEqual(sh('2025-10-11 10:00'));
    // 75 % of 22.5 h = 16 h 52.5 min.
    expect(deadlines.warnAt).toEqual(new Date(sh('2025-10-10 11:52').getTime() + 30_000));
    expect(deadlines.responseDueAt).toEqual(sh('2025-09-30 12:00'));
    expect(deadlines.calendarId).toBe('cn-standard');
    expect(deadlines.warnings).toEqual([]);
  });

  it('given a 24x7 policy, then nights and holidays count', () => {
    const deadlines = computeDeadlines(findSlaPolicy('complaint-grave'), cn, sh('2025-10-01 22:00'));
    expect(deadlines).toMatchObject({
      responseDueAt: sh('2025-10-01 22:30'),
      warnAt: sh('2025-10-02 02:00'),
      dueAt: sh('2025-10-02 06:00'),
      calendarId: '24x7',
    });
  });

  it('given a policy that pauses while waiting for the customer, then the pause moves the deadlines', () => {
    const pauses = [{ from: sh('2025-03-11 10:00'), to: sh('2025-03-11 11:00') }];
    const deadlines = computeDeadlines(businessPolicy, cn, sh('2025-03-11 09:00'), pauses);
    expect(deadlines.responseDueAt).toEqual(sh('2025-03-11 12:00'));
    // 8 h: 9-10, (pause), 11-12, 13:30-18:00 = 6.5 h, then 1.5 h on Wednesday.
    expect(deadlines.dueAt).toEqual(sh('2025-03-12 10:30'));
  });

  it('given a policy that does not pause, then pauses are ignored', () => {
    const pauses = [{ from: sh('2025-03-11 10:00'), to: sh('2025-03-11 11:00') }];
    const noPause = { ...businessPolicy, pauseWhileWaitingForCustomer: false };
    expect(computeDeadlines(noPause, cn, sh('2025-03-11 09:00'), pauses).dueAt).toEqual(
      sh('2025-03-12 09:30'),
    );
  });

  it('given a start outside working hours, then the clock starts at the next working time', () => {
    const deadlines = computeDeadlines(businessPolicy, cn, sh('2025-03-15 22:00'));
    expect(deadlines.responseDueAt).toEqual(sh('2025-03-17 11:00'));
  });

  it('given deadlines beyond the holiday data, then a warning says so', () => {
    const deadlines = computeDeadlines(findSlaPolicy('trial-review'), cn, sh('2027-12-27 09:00'));
    expect(deadlines.dueAt.getTime()).toBeGreaterThan(sh('2028-01-01 00:00').getTime());
    expect(deadlines.warnings).toEqual([
      expect.stringMatching(/provisional holiday data for 2027/),
      expect.stringMatching(
        /no holiday data for 2028: only weekends were skipped there \(policy trial-review\)/,
      ),
    ]);
  });

  it('given a deadline in December 2026 that reaches into 2027, then the provisional 2027 data is flagged', () => {
    const deadlines = computeDeadlines(findSlaPolicy('presales-standard'), cn, sh('2026-12-28 09:00'));
    expect(deadlines.warnings).toEqual([expect.stringMatching(/provisional holiday data for 2027/)]);
    const within2026 = computeDeadlines(findSlaPolicy('presales-urgent'), cn, sh('2026-12-01 09:00'));
    expect(within2026.warnings).toEqual([]);
  });
});

describe('slaState and businessTimeLeft', () => {
  const deadlines = computeDeadlines(businessPolicy, cn, sh('2025-03-11 09:00'));
  // warnAt: 6 h → 2025-03-11 16:30; dueAt: 8 h → 2025-03-12 09:30

  it.each([
    ['2025-03-11 09:00', 'on-track'],
    ['2025-03-11 16:29', 'on-track'],
    ['2025-03-11 16:30', 'at-risk'],
    ['2025-03-12 09:29', 'at-risk'],
    ['2025-03-12 09:30', 'breached'],
    ['2025-03-20 09:30', 'breached'],
  ])('at %s the task is %s', (now, state) => {
    expect(slaState(sh(now), deadlines)).toBe(state);
  });

  it('given a moment in the evening, then only business time counts as left', () => {
    expect(businessTimeLeft(businessPolicy, cn, sh('2025-03-11 20:00'), deadlines)).toBe(30 * MIN);
  });

  it('given a breached task, then the business time left is negative', () => {
    expect(businessTimeLeft(businessPolicy, cn, sh('2025-03-12 11:00'), deadlines)).toBe(-90 * MIN);
  });

  it('rejects an invalid now', () => {
    expect(() => slaState(new Date(Number.NaN), deadlines)).toThrow(/valid Date/);
  });
});

describe('SLA policies as data', () => {
  it('accepts every default policy and keeps the ids unique', () => {
    expect(DEFAULT_SLA_POLICIES.map((p) => p.id)).toEqual([...DEFAULT_SLA_POLICY_IDS]);
    for (const policy of DEFAULT_SLA_POLICIES) expect(parseSlaPolicy(policy)).toEqual(policy);
  });

  it.each([
    ['a response target above the resolution target', { responseTargetMs: 9 * HOUR }, /must not exceed/],
    ['a warning ratio of 1', { warnAtRatio: 1 }, /warnAtRatio/],
    ['a zero resolution target', { resolutionTargetMs: 0 }, /resolutionTargetMs/],
    ['an unknown calendar', { calendar: 'lunar' }, /calendar/],
    ['a non-kebab-case id', { id: 'Complaint Grave' }, /kebab-case/],
  ])('rejects %s', (_, override, message) => {
    expect(() => parseSlaPolicy({ ...businessPolicy, ...override })).toThrow(message);
  });

  it('given an unknown policy id, then the error lists the known ones', () => {
    expect(() => findSlaPolicy('complaint-minor')).toThrow(
      /Unknown SLA policy "complaint-minor"; known: complaint-ordinary, .*care-visit/,
    );
  });
});
