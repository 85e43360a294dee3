import { createCnBusinessCalendar } from './cn-holidays';
import { findSlaPolicy } from './default-policies';
import type { SlaPolicy } from './sla-policy';
import {
  deadlinesWithPauses,
  isCustomerWait,
  keepRecordedEnds,
  pausedClockMs,
  pausesFromWaits,
  type RecordedPause,
} from './sla-pause';

const cal = createCnBusinessCalendar();
const HOUR = 3_600_000;
const MIN = 60_000;
/** An instant given as Shanghai local time (UTC+8, no DST). */
const cst = (local: string) => new Date(`${local}+08:00`);
const pause = (from: string, to: string | null, taskKey = from): RecordedPause => ({
  taskKey,
  elementId: 'Task_AwaitCustomer',
  from: cst(from),
  to: to ? cst(to) : null,
});

/** Three working days on the business calendar, pausing while waiting for the customer. */
const businessPolicy: SlaPolicy = {
  ...findSlaPolicy('complaint-ordinary'),
  resolutionTargetMs: 3 * 7.5 * HOUR,
  responseTargetMs: 2 * HOUR,
  warnAtRatio: 0.5,
};

describe('customer waits marked in the model', () => {
  it('given the header slaPause customer, then the task is a customer wait; other values or none are not', () => {
    expect(isCustomerWait({ slaPause: 'customer', slaPolicy: 'x' })).toBe(true);
    expect(isCustomerWait({ slaPause: 'partner' })).toBe(false);
    expect(isCustomerWait({})).toBe(false);
    expect(isCustomerWait(undefined)).toBe(false);
  });

  it('given wait tasks around the clock start, then each open or later one is a pause, clipped to the start, in order', () => {
    const startedAt = cst('2026-03-02T10:00:00');
    const pauses = pausesFromWaits(
      [
        { _id: 'b', elementId: 'W', createdAt: cst('2026-03-03T10:00:00'), closedAt: null },
        {
          _id: 'old',
          elementId: 'W',
          createdAt: cst('2026-03-01T10:00:00'),
          closedAt: cst('2026-03-02T09:00:00'),
        },
        {
          _id: 'a',
          elementId: 'W',
          createdAt: cst('2026-03-02T09:30:00'),
          closedAt: cst('2026-03-02T11:00:00'),
        },
      ],
      startedAt,
    );
    expect(pauses).toEqual([
      { taskKey: 'a', elementId: 'W', from: startedAt, to: cst('2026-03-02T11:00:00') },
      { taskKey: 'b', elementId: 'W', from: cst('2026-03-03T10:00:00'), to: null },
    ]);
  });
});

describe('pauses read again', () => {
  it('given a wait the projection still shows open but the record has closed, then the recorded end stays', () => {
    const read = [pause('2026-03-02T10:00:00', null, 'w1'), pause('2026-03-02T11:00:00', null, 'w2')];
    const kept = keepRecordedEnds(read, [
      { taskKey: 'w1', to: cst('2026-03-02T10:30:00') },
      { taskKey: 'w2', to: null },
      { taskKey: 'gone', to: cst('2026-03-01T10:00:00') },
    ]);
    expect(kept.map((p) => [p.taskKey, p.to])).toEqual([
      ['w1', cst('2026-03-02T10:30:00')],
      ['w2', null],
    ]);
  });

  it('given a wait the projection shows closed, then its projected end wins', () => {
    const read = [pause('2026-03-02T10:00:00', '2026-03-02T10:20:00', 'w1')];
    expect(keepRecordedEnds(read, [{ taskKey: 'w1', to: cst('2026-03-02T10:30:00') }])[0]?.to).toEqual(
      cst('2026-03-02T10:20:00'),
    );
  });
});

describe('paused interval arithmetic on the business calendar', () => {
  // Monday 2026-03-02 10:00: 3 workdays of 7.5 h end Thursday 10:00 without pauses
  const startedAt = cst('2026-03-02T10:00:00');
  const now = cst('2026-03-10T12:00:00');

  it('given no pause, then the deadline is three working days on', () => {
    const d = deadlinesWithPauses(businessPolicy, cal, startedAt, [], now);
    expect(d.dueAt).toEqual(cst('2026-03-05T10:00:00'));
    expect(d.pausedMs).toBe(0);
  });

  it('given a pause across a night, then only the working hours inside it move the deadline', () => {
    // Monday 17:00 to Tuesday 10:00: 1 h Monday + 1 h Tuesday of working time, the night does not count
    const d = deadlinesWithPauses(
      businessPolicy,
      cal,
      startedAt,
      [pause('2026-03-02T17:00:00', '2026-03-03T10:00:00')],
      now,
    );
    expect(d.pausedMs).toBe(2 * HOUR);
    expect(d.dueAt).toEqual(cst('2026-03-05T12:00:00'));
  });

  it('given a pause across the National Day holiday, then the holiday week adds nothing beyond the working time around it', () => {
    // Wednesday 2026-09-30 16:00 (workday) to Thursday 2026-10-08 10:00 (first workday after 10-01..10-07)
    const start = cst('2026-09-30T10:00:00');
    const d = deadlinesWithPauses(
      businessPolicy,
      cal,
      start,
      [pause('2026-09-30T16:00:00', '2026-10-08T10:00:00')],
      cst('2026-10-20T00:00:00'),
    );
    // paused: 2 h on 09-30 and 1 h on 10-08
    expect(d.pausedMs).toBe(3 * HOUR);
    // counted before the pause: 09-30 10:00-12:00 and 13:30-16:00 = 4.5 h; left 18 h from 10-08 10:00:
    // 10-08 10-12 (2) + 13:30-18 (4.5) = 6.5; 10-09 7.5 -> 14; 10-10 is a make-up workday (Saturday):
    // 4 h more, 09:00-12:00 and 13:30-14:30
    expect(d.dueAt).toEqual(cst('2026-10-10T14:30:00'));
  });

  it('given several pauses, overlapping ones included, then each working minute paused counts once', () => {
    const pauses = [
      pause('2026-03-02T10:30:00', '2026-03-02T11:00:00', 'p1'),
      pause('2026-03-03T09:00:00', '2026-03-03T10:00:00', 'p2'),
      pause('2026-03-03T09:30:00', '2026-03-03T10:30:00', 'p3'),
      // lunch break only: no working time
      pause('2026-03-04T12:00:00', '2026-03-04T13:30:00', 'p4'),
    ];
    const d = deadlinesWithPauses(businessPolicy, cal, startedAt, pauses, now);
    expect(d.pausedMs).toBe(30 * MIN + 90 * MIN);
    expect(d.dueAt).toEqual(cst('2026-03-05T12:00:00'));
    expect(pausedClockMs(cal, startedAt, pauses, now)).toBe(d.pausedMs);
  });

  it('given a pause still running, then it lasts until now and the deadline moves with it', () => {
    const running = [pause('2026-03-04T09:00:00', null)];
    const at10 = deadlinesWithPauses(businessPolicy, cal, startedAt, running, cst('2026-03-04T10:00:00'));
    const at11 = deadlinesWithPauses(businessPolicy, cal, startedAt, running, cst('2026-03-04T11:00:00'));
    expect(at10.pausedMs).toBe(HOUR);
    expect(at11.pausedMs).toBe(2 * HOUR);
    expect(at11.dueAt.getTime() - at10.dueAt.getTime()).toBe(HOUR);
  });

  it('given a policy that does not pause, then waits change nothing', () => {
    const grave = { ...businessPolicy, pauseWhileWaitingForCustomer: false };
    const d = deadlinesWithPauses(
      grave,
      cal,
      startedAt,
      [pause('2026-03-02T11:00:00', '2026-03-03T11:00:00')],
      now,
    );
    expect(d.pausedMs).toBe(0);
    expect(d.dueAt).toEqual(cst('2026-03-05T10:00:00'));
  });

  it('given a 24x7 policy, then a pause over a night moves the deadline by its full length', () => {
    const serious = { ...findSlaPolicy('complaint-serious') };
    const start = cst('2026-03-02T20:00:00');
    const d = deadlinesWithPauses(
      serious,
      cal,
      start,
      [pause('2026-03-02T22:00:00', '2026-03-03T07:30:00')],
      now,
    );
    expect(d.pausedMs).toBe(9.5 * HOUR);
    expect(d.dueAt.getTime() - start.getTime()).toBe(24 * HOUR + 9.5 * HOUR);
    expect(d.warnAt.getTime() - start.getTime()).toBe(18 * HOUR + 9.5 * HOUR);
  });

  it('given a pause after the deadline, then the deadline stays', () => {
    const d = deadlinesWithPauses(
      businessPolicy,
      cal,
      startedAt,
      [pause('2026-03-06T09:00:00', '2026-03-06T12:00:00')],
      now,
    );
    expect(d.dueAt).toEqual(cst('2026-03-05T10:00:00'));
    // the clock still stood still then: the paused time is recorded
    expect(d.pausedMs).toBe(3 * HOUR);
  });
});
