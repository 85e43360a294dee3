import {
  addBusinessTime,
  businessTimeBetween,
  CALENDAR_24X7,
  createBusinessCalendar,
  isWorkday,
  isWorkingTime,
  nextWorkingTime,
  uncoveredYears,
} from './business-calendar';
import { createCnBusinessCalendar } from './cn-holidays';

/** An instant given as Shanghai wall-clock time, e.g. `sh('2025-09-30 17:00')`. */
function sh(local: string): Date {
  const [date, time = '00:00'] = local.split(' ');
  const withSeconds = time.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${withSeconds}+08:00`);
}

const MIN = 60_000;
const HOUR = 60 * MIN;

const cn = createCnBusinessCalendar();

describe('addBusinessTime on the CN business calendar (09:00-12:00, 13:30-18:00)', () => {
  it('given a start on the last workday before National Day, when adding 2 h, then it resumes on 9 October', () => {
    // 30 Sep 2025 is a Tuesday; 1-8 October are off.
    expect(addBusinessTime(cn, sh('2025-09-30 17:00'), 2 * HOUR)).toEqual(sh('2025-10-09 10:00'));
  });

  it('given a start before the Golden Week, when the duration spans it, then the 调休 Saturday 11 Oct counts', () => {
    // Thu 9 and Fri 10 October are 7.5 h each; Saturday 11 October is a make-up workday.
    expect(addBusinessTime(cn, sh('2025-10-09 09:00'), 15 * HOUR + 1 * HOUR)).toEqual(sh('2025-10-11 10:00'));
  });

  it('given a Saturday start before the holiday, then the make-up Sunday 28 Sep is a workday', () => {
    expect(addBusinessTime(cn, sh('2025-09-27 10:00'), HOUR)).toEqual(sh('2025-09-28 10:00'));
  });

  it('given a start late in the afternoon, when the duration crosses midnight, then it continues at 09:00', () => {
    expect(addBusinessTime(cn, sh('2025-03-11 17:30'), HOUR)).toEqual(sh('2025-03-12 09:30'));
  });

  it('given a start before lunch, when the duration crosses the lunch break, then the break does not count', () => {
    expect(addBusinessTime(cn, sh('2025-03-11 11:30'), HOUR)).toEqual(sh('2025-03-11 14:00'));
  });

  it('given a start on Friday afternoon, when adding 2 h, then Saturday and Sunday are skipped', () => {
    expect(addBusinessTime(cn, sh('2025-03-14 17:00'), 2 * HOUR)).toEqual(sh('2025-03-17 10:00'));
  });

  it('given a deadline that lands on the end of a period, then it is that end, not the next start', () => {
    expect(addBusinessTime(cn, sh('2025-03-11 09:00'), 3 * HOUR)).toEqual(sh('2025-03-11 12:00'));
    expect(addBusinessTime(cn, sh('2025-03-11 09:00'), 7.5 * HOUR)).toEqual(sh('2025-03-11 18:00'));
  });

  it.each([
    ['early morning', '2025-03-11 07:15', '2025-03-11 09:30'],
    ['lunch break', '2025-03-11 12:30', '2025-03-11 14:00'],
    ['evening', '2025-03-11 20:00', '2025-03-12 09:30'],
    ['Saturday', '2025-03-15 10:00', '2025-03-17 09:30'],
    ['public holiday', '2025-05-01 10:00', '2025-05-06 09:30'],
  ])(
    'given a start outside working hours (%s), then the clock starts at the next working time',
    (_, start, due) => {
      expect(addBusinessTime(cn, sh(start), 30 * MIN)).toEqual(sh(due));
    },
  );

  it('given the 2025 Spring Festival, then the 调休 Sunday 26 Jan and Saturday 8 Feb are workdays', () => {
    expect(addBusinessTime(cn, sh('2025-01-25 10:00'), HOUR)).toEqual(sh('2025-01-26 10:00'));
    // Mon 27 Jan is a workday; 28 Jan - 4 Feb off; 5-7 Feb (Wed-Fri) 22.5 h; then Saturday 8 Feb.
    expect(addBusinessTime(cn, sh('2025-01-27 17:00'), HOUR + 22.5 * HOUR + HOUR)).toEqual(
      sh('2025-02-08 10:00'),
    );
  });

  it.each([0, -1, -HOUR, Number.NaN, Number.POSITIVE_INFINITY])(
    'given a duration of %p, then it is rejected with a clear error',
    (duration) => {
      expect(() => addBusinessTime(cn, sh('2025-03-11 09:00'), duration)).toThrow(RangeError);
      expect(() => addBusinessTime(cn, sh('2025-03-11 09:00'), duration)).toThrow(
        /durationMs must be a positive, finite number of milliseconds/,
      );
    },
  );

  it('given an invalid start date, then it is rejected with a clear error', () => {
    expect(() => addBusinessTime(cn, new Date('not a date'), HOUR)).toThrow(/start must be a valid Date/);
  });
});

describe('year boundaries', () => {
  it('given New Year 2026, then 1-3 Jan are off and Sunday 4 Jan is a make-up workday', () => {
    expect(addBusinessTime(cn, sh('2025-12-31 17:00'), 2 * HOUR)).toEqual(sh('2026-01-04 10:00'));
  });

  it('given a start on 31 Dec 2026, when the deadline falls in 2027, then the 2027 New Year days are skipped', () => {
    // Thu 31 Dec 2026; Fri 1 Jan 2027 is New Year's Day (provisional data), then the weekend.
    expect(addBusinessTime(cn, sh('2026-12-31 17:00'), 2 * HOUR)).toEqual(sh('2027-01-04 10:00'));
    expect(businessTimeBetween(cn, sh('2026-12-31 17:00'), sh('2027-01-04 10:00'))).toBe(2 * HOUR);
  });

  it('given the 2026 Spring Festival (15-23 Feb), then 14 Feb (Saturday) is a workday and 23 Feb is off', () => {
    expect(addBusinessTime(cn, sh('2026-02-13 17:00'), 2 * HOUR)).toEqual(sh('2026-02-14 10:00'));
    expect(addBusinessTime(cn, sh('2026-02-14 17:00'), 2 * HOUR)).toEqual(sh('2026-02-24 10:00'));
  });

  it('given a range beyond the holiday data, then the missing years are reported', () => {
    expect(uncoveredYears(cn, sh('2027-12-30 09:00'), sh('2028-01-05 09:00'))).toEqual([2028]);
    expect(uncoveredYears(cn, sh('2025-01-01 09:00'), sh('2027-12-31 09:00'))).toEqual([]);
    expect(uncoveredYears(CALENDAR_24X7, sh('2030-01-01 00:00'), sh('2031-01-01 00:00'))).toEqual([]);
  });
});

describe('paused intervals (waiting for the customer)', () => {
  it('given a pause inside working hours, then the paused hour does not count', () => {
    const pauses = [{ from: sh('2025-03-10 10:00'), to: sh('2025-03-10 11:00') }];
    expect(addBusinessTime(cn, sh('2025-03-10 09:00'), 4 * HOUR, pauses)).toEqual(sh('2025-03-10 15:30'));
  });

  it('given a pause over the night and the next morning, then only its working part matters', () => {
    const pauses = [{ from: sh('2025-03-10 17:00'), to: sh('2025-03-11 10:00') }];
    expect(addBusinessTime(cn, sh('2025-03-10 16:00'), 2 * HOUR, pauses)).toEqual(sh('2025-03-11 11:00'));
  });

  it('given overlapping and unsorted pauses, then they are merged', () => {
    const pauses = [
      { from: sh('2025-03-10 10:30'), to: sh('2025-03-10 11:30') },
      { from: sh('2025-03-10 10:00'), to: sh('2025-03-10 11:00') },
    ];
    expect(businessTimeBetween(cn, sh('2025-03-10 09:00'), sh('2025-03-10 12:00'), pauses)).toBe(1.5 * HOUR);
  });

  it('given a pause before the start or an empty pause, then nothing changes', () => {
    const pauses = [
      { from: sh('2025-03-07 10:00'), to: sh('2025-03-07 12:00') },
      { from: sh('2025-03-10 10:00'), to: sh('2025-03-10 10:00') },
    ];
    expect(addBusinessTime(cn, sh('2025-03-10 09:00'), 2 * HOUR, pauses)).toEqual(sh('2025-03-10 11:00'));
  });

  it('given a pause that ends before it starts, then it is rejected', () => {
    const pauses = [{ from: sh('2025-03-10 11:00'), to: sh('2025-03-10 10:00') }];
    expect(() => addBusinessTime(cn, sh('2025-03-10 09:00'), HOUR, pauses)).toThrow(
      /pausedIntervals\[0\] ends .* before it starts/,
    );
  });

  it('given a start inside a pause, then the clock starts when the pause ends', () => {
    const pauses = [{ from: sh('2025-03-10 08:00'), to: sh('2025-03-10 10:15') }];
    expect(nextWorkingTime(cn, sh('2025-03-10 09:00'), pauses)).toEqual(sh('2025-03-10 10:15'));
  });
});

describe('businessTimeBetween and isWorkingTime', () => {
  it('given Friday 16:00 to Monday 10:00, then 3 h of business time lie between', () => {
    expect(businessTimeBetween(cn, sh('2025-03-14 16:00'), sh('2025-03-17 10:00'))).toBe(3 * HOUR);
  });

  it('given the range reversed, then the result is negative', () => {
    expect(businessTimeBetween(cn, sh('2025-03-17 10:00'), sh('2025-03-14 16:00'))).toBe(-3 * HOUR);
  });

  it('given a range across National Day 2025, then only the working hours around it count', () => {
    expect(businessTimeBetween(cn, sh('2025-09-30 17:00'), sh('2025-10-09 10:00'))).toBe(2 * HOUR);
  });

  it('given the same instant twice or a range outside working hours, then the result is 0', () => {
    expect(businessTimeBetween(cn, sh('2025-03-11 10:00'), sh('2025-03-11 10:00'))).toBe(0);
    expect(businessTimeBetween(cn, sh('2025-03-11 18:00'), sh('2025-03-12 09:00'))).toBe(0);
  });

  it('agrees with addBusinessTime', () => {
    const start = sh('2025-09-26 15:47');
    for (const duration of [MIN, 3 * HOUR, 7.5 * HOUR, 40 * HOUR + 17 * MIN]) {
      expect(businessTimeBetween(cn, start, addBusinessTime(cn, start, duration))).toBe(duration);
    }
  });

  it.each([
    ['2025-03-11 09:00', true],
    ['2025-03-11 11:59', true],
    ['2025-03-11 12:00', false],
    ['2025-03-11 13:30', true],
    ['2025-03-11 18:00', false],
    ['2025-03-15 10:00', false],
    ['2025-09-28 10:00', true],
    ['2025-10-03 10:00', false],
  ])('isWorkingTime(%s) is %p', (local, expected) => {
    expect(isWorkingTime(cn, sh(local))).toBe(expected);
  });

  it('knows workdays as local dates', () => {
    expect(isWorkday(cn, '2025-10-11')).toBe(true);
    expect(isWorkday(cn, '2025-10-08')).toBe(false);
    expect(isWorkday(cn, '2025-10-12')).toBe(false);
  });
});

describe('24×7 calendar', () => {
  it('given any start, then business time is plain elapsed time, weekends and holidays included', () => {
    expect(addBusinessTime(CALENDAR_24X7, sh('2025-10-01 22:00'), 8 * HOUR)).toEqual(sh('2025-10-02 06:00'));
    expect(businessTimeBetween(CALENDAR_24X7, sh('2025-03-14 16:00'), sh('2025-03-17 10:00'))).toBe(
      66 * HOUR,
    );
    expect(isWorkingTime(CALENDAR_24X7, sh('2025-10-01 03:00'))).toBe(true);
  });

  it('given a pause, then the deadline moves by the pause', () => {
    const pauses = [{ from: sh('2025-10-01 23:00'), to: sh('2025-10-02 01:30') }];
    expect(addBusinessTime(CALENDAR_24X7, sh('2025-10-01 22:00'), 8 * HOUR, pauses)).toEqual(
      sh('2025-10-02 08:30'),
    );
  });
});

describe('time zones', () => {
  it('given the same instant written in UTC, then the result is the same Shanghai instant', () => {
    // 09:00 UTC is 17:00 in Shanghai; the server zone never enters: only instants go in and out.
    const due = addBusinessTime(cn, new Date('2025-03-14T09:00:00Z'), 2 * HOUR);
    expect(due.toISOString()).toBe('2025-03-17T02:00:00.000Z');
  });

  it('given a calendar in a zone with DST, then working hours follow the wall clock across the change', () => {
    const berlin = createBusinessCalendar({
      kind: 'business',
      id: 'berlin',
      timeZone: 'Europe/Berlin',
      workingHours: [{ start: '09:00', end: '17:00' }],
    });
    // Fri 28 Mar 2025 16:00 CET (UTC+1); summer time from Sun 30 Mar; Mon 10:00 CEST is 08:00 UTC.
    const due = addBusinessTime(berlin, new Date('2025-03-28T15:00:00Z'), 2 * HOUR);
    expect(due.toISOString()).toBe('2025-03-31T08:00:00.000Z');
  });
});

describe('createBusinessCalendar', () => {
  const base = { kind: 'business' as const, id: 'x', workingHours: [{ start: '09:00', end: '18:00' }] };

  it.each([
    [
      'overlapping periods',
      {
        workingHours: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ],
      },
      /not overlap/,
    ],
    [
      'a period ending before it starts',
      { workingHours: [{ start: '12:00', end: '09:00' }] },
      /end after it starts/,
    ],
    ['a malformed time', { workingHours: [{ start: '9:00', end: '18:00' }] }, /HH:mm/],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /unknown IANA time zone/],
    ['an impossible date', { holidays: ['2025-02-30'] }, /not a calendar date/],
    [
      'a day both off and worked',
      { holidays: ['2025-10-11'], makeupWorkdays: ['2025-10-11'] },
      /both as a holiday/,
    ],
  ])('rejects %s', (_, override, message) => {
    expect(() => createBusinessCalendar({ ...base, ...override })).toThrow(message);
  });

  it('given a calendar without any working day, then addBusinessTime fails instead of looping', () => {
    const never = createBusinessCalendar({ ...base, weekendDays: [0, 1, 2, 3, 4, 5, 6] });
    expect(() => addBusinessTime(never, sh('2025-03-11 09:00'), HOUR)).toThrow(/has no working time/);
  });

  it('defaults to Asia/Shanghai and a Saturday/Sunday weekend', () => {
    const calendar = createBusinessCalendar(base);
    expect(calendar.timeZone).toBe('Asia/Shanghai');
    expect([...calendar.weekendDays]).toEqual([0, 6]);
  });
});
