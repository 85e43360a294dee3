/**
 * Business calendars: when the SLA clock runs. Pure functions over instants (`Date`); the calendar's
 * own time zone (Asia/Shanghai by default) decides what "09:00" and "a holiday" mean, never the
 * time zone of the server the code runs on.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { z } from 'zod';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Time zone of calendars that do not name one: the operator works on China Standard Time. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const MINUTES_PER_DAY = 24 * 60;

/** A calendar with no working time for this many consecutive days is treated as broken. */
const MAX_IDLE_DAYS = 3 * 366;

const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((value) => dayjs.utc(value).format('YYYY-MM-DD') === value, 'not a calendar date');

const clockTimeSchema = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a local time as HH:mm (00:00 to 24:00)');

const timeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone');

/** One block of working time within a local day, e.g. `{ start: '09:00', end: '12:00' }`. */
export const workingPeriodSchema = z
  .object({ start: clockTimeSchema, end: clockTimeSchema })
  .refine((p) => toMinutes(p.start) < toMinutes(p.end), 'a working period must end after it starts');

/** A working period: local start and end times, end exclusive; `24:00` ends at midnight. */
export type WorkingPeriod = z.infer<typeof workingPeriodSchema>;

const businessDefinitionSchema = z.object({
  kind: z.literal('business'),
  id: z.string().min(1),
  timeZone: timeZoneSchema.default(DEFAULT_TIME_ZONE),
  /** Working periods of a workday, in order and not overlapping; overnight shifts are not supported. */
  workingHours: z.array(workingPeriodSchema).min(1),
  /** Days of the week that are off unless listed as make-up workdays; 0 = Sunday … 6 = Saturday. */
  weekendDays: z.array(z.number().int().min(0).max(6)).default([0, 6]),
  /** Local dates that are off (public holidays, in-lieu days). */
  holidays: z.array(isoDateSchema).default([]),
  /** Local dates that are workdays although they fall on a weekend (调休 make-up workdays). */
  makeupWorkdays: z.array(isoDateSchema).default([]),
  /** Years whose holidays the data covers; dates outside only know weekends (see `uncoveredYears`). */
  coveredYears: z.array(z.number().int()).default([]),
  /** Covered years whose data is provisional (schedule not yet published); results there may change. */
  provisionalYears: z.array(z.number().int()).default([]),
});

const alwaysOnDefinitionSchema = z.object({
  kind: z.literal('24x7'),
  id: z.string().min(1),
  timeZone: timeZoneSchema.default(DEFAULT_TIME_ZONE),
});

/** Schema of a calendar as data (JSON, Mongo, config). */
export const businessCalendarDefinitionSchema = z
  .discriminatedUnion('kind', [businessDefinitionSchema, alwaysOnDefinitionSchema])
  .superRefine((def, ctx) => {
    if (def.kind !== 'business') return;
    def.workingHours.forEach((period, i) => {
      const previous = def.workingHours[i - 1];
      if (previous && toMinutes(period.start) < toMinutes(previous.end)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workingHours', i],
          message: `working periods must be in order and not overlap (${previous.start}-${previous.end}, ${period.start}-${period.end})`,
        });
      }
    });
    const holidays = new Set(def.holidays);
    for (const date of def.makeupWorkdays) {
      if (holidays.has(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays'],
          message: `${date} is listed both as a holiday and as a make-up workday`,
        });
      }
    }
  });

/** A calendar as data, before validation (defaults may be left out). */
export type BusinessCalendarDefinition = z.input<typeof businessCalendarDefinitionSchema>;

/** A validated calendar, ready for the time arithmetic below. Build it with `createBusinessCalendar`. */
export interface BusinessCalendar {
  readonly id: string;
  /** `business`: working hours on workdays only; `24x7`: the clock always runs. */
  readonly kind: 'business' | '24x7';
  /** IANA zone in which working hours and dates are read. */
  readonly timeZone: string;
  /** Working periods of a workday as minutes after local midnight, `[start, end)`. */
  readonly workingMinutes: readonly { readonly start: number; readonly end: number }[];
  readonly weekendDays: ReadonlySet<number>;
  readonly holidays: ReadonlySet<string>;
  readonly makeupWorkdays: ReadonlySet<string>;
  readonly coveredYears: ReadonlySet<number>;
  readonly provisionalYears: ReadonlySet<number>;
}

/** A time span during which the SLA clock stands still (e.g. waiting for the customer), `[from, to)`. */
export interface PausedInterval {
  readonly from: Date;
  /** End of the pause; for a pause still running pass the current time and recompute on resume. */
  readonly to: Date;
}

/** Validates a calendar definition and builds the calendar; throws with every problem listed. */
export function createBusinessCalendar(definition: BusinessCalendarDefinition): BusinessCalendar {
  const parsed = businessCalendarDefinitionSchema.safeParse(definition);
  if (!parsed.success) {
    throw new Error(`Invalid business calendar definition:\n${z.prettifyError(parsed.error)}`);
  }
  const def = parsed.data;
  if (def.kind === '24x7') {
    return {
      id: def.id,
      kind: '24x7',
      timeZone: def.timeZone,
      workingMinutes: [{ start: 0, end: MINUTES_PER_DAY }],
      weekendDays: new Set(),
      holidays: new Set(),
      makeupWorkdays: new Set(),
      coveredYears: new Set(),
      provisionalYears: new Set(),
    };
  }
  return {
    id: def.id,
    kind: 'business',
    timeZone: def.timeZone,
    workingMinutes: def.workingHours.map((p) => ({ start: toMinutes(p.start), end: toMinutes(p.end) })),
    weekendDays: new Set(def.weekendDays),
    holidays: new Set(def.holidays),
    makeupWorkdays: new Set(def.makeupWorkdays),
    coveredYears: new Set(def.coveredYears),
    provisionalYears: new Set(def.provisionalYears),
  };
}

/** The calendar on which the clock always runs. */
export const CALENDAR_24X7: BusinessCalendar = createBusinessCalendar({ kind: '24x7', id: '24x7' });

/** Whether a local date (`YYYY-MM-DD` in the calendar's zone) is a workday. */
export function isWorkday(calendar: BusinessCalendar, localDate: string): boolean {
  if (calendar.kind === '24x7') return true;
  if (calendar.makeupWorkdays.has(localDate)) return true;
  if (calendar.holidays.has(localDate)) return false;
  return !calendar.weekendDays.has(dayjs.utc(localDate).day());
}

/** Whether the SLA clock runs at this instant (pauses are not considered). */
export function isWorkingTime(calendar: BusinessCalendar, instant: Date): boolean {
  const t = toMs(instant, 'instant');
  return workingIntervalsOfDay(calendar, localDateOf(calendar, t)).some(([s, e]) => s <= t && t < e);
}

/** The first instant at or after `instant` when the clock runs, outside the paused intervals. */
export function nextWorkingTime(
  calendar: BusinessCalendar,
  instant: Date,
  pausedIntervals: readonly PausedInterval[] = [],
): Date {
  const first = workingSegments(calendar, toMs(instant, 'instant'), normalizePauses(pausedIntervals)).next();
  // workingSegments never ends: it throws on a calendar without working time instead.
  return new Date((first.value as Segment)[0]);
}

/**
 * The instant at which `durationMs` of working time has elapsed after `start`, not counting paused
 * intervals. A deadline that falls exactly on the end of a working period is that end (18:00), not the
 * start of the next one.
 */
export function addBusinessTime(
  calendar: BusinessCalendar,
  start: Date,
  durationMs: number,
  pausedIntervals: readonly PausedInterval[] = [],
): Date {
  if (!Number.isFinite(durationMs) || durationMs <= 0) {
    throw new RangeError(
      `addBusinessTime: durationMs must be a positive, finite number of milliseconds, got ${durationMs}`,
    );
  }
  let remaining = durationMs;
  for (const [s, e] of workingSegments(calendar, toMs(start, 'start'), normalizePauses(pausedIntervals))) {
    if (remaining <= e - s) return new Date(s + remaining);
    remaining -= e - s;
  }
  /* istanbul ignore next: workingSegments is endless */
  throw new Error('unreachable');
}

/**
 * Working time between two instants, not counting paused intervals. Negative when `to` is before
 * `from` (e.g. how much business time a deadline is overdue).
 */
export function businessTimeBetween(
  calendar: BusinessCalendar,
  from: Date,
  to: Date,
  pausedIntervals: readonly PausedInterval[] = [],
): number {
  const a = toMs(from, 'from');
  const b = toMs(to, 'to');
  if (b < a) return -businessTimeBetween(calendar, to, from, pausedIntervals);
  let total = 0;
  for (const [s, e] of workingSegments(calendar, a, normalizePauses(pausedIntervals), b)) {
    if (s >= b) break;
    total += Math.min(e, b) - s;
  }
  return total;
}

/**
 * Years (in the calendar's zone) touched by `[from, to]` for which the calendar has no holiday data:
 * there it only knows weekends, so results may be wrong. Always empty for 24×7 calendars.
 */
export function uncoveredYears(calendar: BusinessCalendar, from: Date, to: Date): number[] {
  return yearsTouched(calendar, from, to).filter((year) => !calendar.coveredYears.has(year));
}

/**
 * Warnings about the holiday data behind a result for `[from, to]`: years without data, and years
 * whose data is provisional. Empty for 24×7 calendars.
 */
export function holidayDataWarnings(calendar: BusinessCalendar, from: Date, to: Date): string[] {
  return yearsTouched(calendar, from, to).flatMap((year) => {
    if (!calendar.coveredYears.has(year)) {
      return [`Calendar "${calendar.id}" has no holiday data for ${year}: only weekends were skipped there`];
    }
    if (calendar.provisionalYears.has(year)) {
      return [
        `Calendar "${calendar.id}" uses provisional holiday data for ${year}: the official schedule may differ`,
      ];
    }
    return [];
  });
}

// ---------------------------------------------------------------------------------------------------

/** `[startMs, endMs)` */
type Segment = [number, number];

function yearsTouched(calendar: BusinessCalendar, from: Date, to: Date): number[] {
  if (calendar.kind === '24x7') return [];
  const a = dayjs(toMs(from, 'from')).tz(calendar.timeZone).year();
  const b = dayjs(toMs(to, 'to')).tz(calendar.timeZone).year();
  const years: number[] = [];
  for (let year = Math.min(a, b); year <= Math.max(a, b); year++) years.push(year);
  return years;
}

function toMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function toMs(value: Date, name: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${name} must be a valid Date, got ${String(value)}`);
  }
  return value.getTime();
}

function localDateOf(calendar: BusinessCalendar, ms: number): string {
  return dayjs(ms).tz(calendar.timeZone).format('YYYY-MM-DD');
}

function nextLocalDate(localDate: string): string {
  return dayjs.utc(localDate).add(1, 'day').format('YYYY-MM-DD');
}

/** The instant of a local wall-clock time; built from the wall clock so zones with DST stay right. */
function zonedInstant(calendar: BusinessCalendar, localDate: string, minutes: number): number {
  const date = minutes >= MINUTES_PER_DAY ? nextLocalDate(localDate) : localDate;
  const m = minutes % MINUTES_PER_DAY;
  const clock = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return dayjs.tz(`${date} ${clock}`, calendar.timeZone).valueOf();
}

// Day intervals are asked for again and again (every deadline walks the same weeks); keep them per calendar.
const intervalCache = new WeakMap<BusinessCalendar, Map<string, readonly Segment[]>>();
const INTERVAL_CACHE_LIMIT = 4000;

function workingIntervalsOfDay(calendar: BusinessCalendar, localDate: string): readonly Segment[] {
  let cache = intervalCache.get(calendar);
  if (!cache) {
    cache = new Map();
    intervalCache.set(calendar, cache);
  }
  const cached = cache.get(localDate);
  if (cached) return cached;
  const intervals: Segment[] = isWorkday(calendar, localDate)
    ? calendar.workingMinutes.map(({ start, end }) => [
        zonedInstant(calendar, localDate, start),
        zonedInstant(calendar, localDate, end),
      ])
    : [];
  if (cache.size >= INTERVAL_CACHE_LIMIT) cache.clear();
  cache.set(localDate, intervals);
  return intervals;
}

/** Validates, sorts and merges pauses into disjoint `[from, to)` segments. */
function normalizePauses(pauses: readonly PausedInterval[]): Segment[] {
  const segments = pauses.map((p, i): Segment => {
    const from = toMs(p.from, `pausedIntervals[${i}].from`);
    const to = toMs(p.to, `pausedIntervals[${i}].to`);
    if (to < from) {
      throw new RangeError(
        `pausedIntervals[${i}] ends (${p.to.toISOString()}) before it starts (${p.from.toISOString()})`,
      );
    }
    return [from, to];
  });
  segments.sort((x, y) => x[0] - y[0]);
  const merged: Segment[] = [];
  for (const seg of segments) {
    const last = merged[merged.length - 1];
    if (last && seg[0] <= last[1]) last[1] = Math.max(last[1], seg[1]);
    else if (seg[1] > seg[0]) merged.push([seg[0], seg[1]]);
  }
  return merged;
}

/** `[s, e)` minus the (sorted, disjoint) pauses. */
function subtractPauses(s: number, e: number, pauses: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  let cursor = s;
  for (const [ps, pe] of pauses) {
    if (pe <= cursor) continue;
    if (ps >= e) break;
    if (ps > cursor) out.push([cursor, ps]);
    cursor = Math.max(cursor, pe);
    if (cursor >= e) break;
  }
  if (cursor < e) out.push([cursor, e]);
  return out;
}

/**
 * The stretches of running clock from `fromMs` on, in order. Endless for a calendar with working time;
 * throws when no working time turns up for MAX_IDLE_DAYS days. Stops early once past `untilMs`.
 */
function* workingSegments(
  calendar: BusinessCalendar,
  fromMs: number,
  pauses: readonly Segment[],
  untilMs = Infinity,
): Generator<Segment, void> {
  // Start one local day early: a period of the previous local date never reaches into this one, but
  // looking back one day is cheap insurance for zones whose midnight moves.
  let date = dayjs.utc(localDateOf(calendar, fromMs)).subtract(1, 'day').format('YYYY-MM-DD');
  let idleDays = 0;
  for (;;) {
    let found = false;
    for (const [s0, e] of workingIntervalsOfDay(calendar, date)) {
      const s = Math.max(s0, fromMs);
      if (e <= s) continue;
      if (s >= untilMs) return;
      for (const segment of subtractPauses(s, e, pauses)) {
        found = true;
        yield segment;
      }
    }
    if (found) idleDays = 0;
    else if (++idleDays > MAX_IDLE_DAYS) {
      throw new Error(
        `Business calendar "${calendar.id}" has no working time (outside pauses) in ${MAX_IDLE_DAYS} days after ${new Date(fromMs).toISOString()}`,
      );
    }
    date = nextLocalDate(date);
    if (zonedInstant(calendar, date, 0) >= untilMs) return;
  }
}
