/**
 * Pausing the SLA clock while a case waits for the customer. Pure: the waits come in as data (the
 * projected user tasks the model marks with the header `slaPause: customer`), the calendar and "now" are
 * passed in.
 */
import { businessTimeBetween, type BusinessCalendar, type PausedInterval } from './business-calendar';
import { calendarForPolicy, computeDeadlines, type SlaDeadlines, type SlaPolicy } from './sla-policy';

/** The custom header that marks a user task during which the case waits for someone outside. */
export const SLA_PAUSE_HEADER = 'slaPause';
/** Its value for a wait on the customer (the only kind so far). */
export const CUSTOMER_WAIT = 'customer';

/** Whether a task's headers mark it as a wait for the customer. */
export function isCustomerWait(headers: Readonly<Record<string, unknown>> | null | undefined): boolean {
  return headers?.[SLA_PAUSE_HEADER] === CUSTOMER_WAIT;
}

/** One pause as the SLA record keeps it: the waiting task, and `to` null while the wait runs. */
export interface RecordedPause {
  /** The waiting user task (its job key), so a pause is recorded once however often it is read. */
  taskKey: string;
  elementId: string;
  from: Date;
  to: Date | null;
}

/** A customer-wait task as projected (`usertasks`). */
export interface CustomerWaitTask {
  _id: string;
  elementId: string;
  createdAt: Date;
  closedAt?: Date | null;
}

/**
 * The pauses of a clock started at `startedAt`: one per wait task, from its creation to its close (still
 * open: `to` null). Waits that ended before the clock started are not its pauses; one that began before is
 * counted from the start. In order of their start.
 */
export function pausesFromWaits(waits: readonly CustomerWaitTask[], startedAt: Date): RecordedPause[] {
  return waits
    .filter((w) => !w.closedAt || w.closedAt.getTime() > startedAt.getTime())
    .map((w) => ({
      taskKey: w._id,
      elementId: w.elementId,
      from: new Date(Math.max(w.createdAt.getTime(), startedAt.getTime())),
      to: w.closedAt ? new Date(w.closedAt) : null,
    }))
    .sort((a, b) => a.from.getTime() - b.from.getTime() || a.taskKey.localeCompare(b.taskKey));
}

/**
 * Pauses read again from the projection, with the ends already recorded kept: the projection may still show a
 * wait open after the resume job closed it, and a pause once closed must not run on.
 */
export function keepRecordedEnds(
  read: readonly RecordedPause[],
  recorded: readonly { taskKey: string; to?: Date | null }[],
): RecordedPause[] {
  const ends = new Map(recorded.flatMap((p) => (p.to ? [[p.taskKey, new Date(p.to)] as const] : [])));
  return read.map((p) => (p.to === null && ends.has(p.taskKey) ? { ...p, to: ends.get(p.taskKey)! } : p));
}

/** The pauses as intervals for the calendar arithmetic: a running pause lasts until `now`. */
export function pausedIntervals(pauses: readonly RecordedPause[], now: Date): PausedInterval[] {
  return pauses.map((p) => ({
    from: p.from,
    to: new Date(Math.max(p.from.getTime(), (p.to ?? now).getTime())),
  }));
}

/**
 * The clock time the pauses took out between `startedAt` and `now`: only working time of the policy's
 * calendar counts (a wait over a night or a holiday stops a clock that was not running anyway), and time
 * covered by two overlapping pauses counts once.
 */
export function pausedClockMs(
  calendar: BusinessCalendar,
  startedAt: Date,
  pauses: readonly RecordedPause[],
  now: Date,
): number {
  if (pauses.length === 0) return 0;
  const end = new Date(
    Math.max(now.getTime(), ...pauses.map((p) => (p.to ?? now).getTime()), startedAt.getTime()),
  );
  return (
    businessTimeBetween(calendar, startedAt, end) -
    businessTimeBetween(calendar, startedAt, end, pausedIntervals(pauses, now))
  );
}

/** Deadlines of a case clock with its pauses, and the paused clock time; pauses count only when the policy says so. */
export interface PausedDeadlines extends SlaDeadlines {
  /** Clock time taken out by the pauses (0 for a policy that does not pause). */
  readonly pausedMs: number;
}

/**
 * The deadlines of a clock started at `startedAt` with its customer waits taken out (each moves the
 * deadlines by the working time it covered). A running pause counts until `now`, so recompute when it ends.
 */
export function deadlinesWithPauses(
  policy: SlaPolicy,
  businessCalendar: BusinessCalendar,
  startedAt: Date,
  pauses: readonly RecordedPause[],
  now: Date,
): PausedDeadlines {
  const counted = policy.pauseWhileWaitingForCustomer ? pauses : [];
  const deadlines = computeDeadlines(policy, businessCalendar, startedAt, pausedIntervals(counted, now));
  const pausedMs = pausedClockMs(calendarForPolicy(policy, businessCalendar), startedAt, counted, now);
  return { ...deadlines, pausedMs };
}
