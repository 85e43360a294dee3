/**
 * SLA policies as data and the deadlines they give. Pure: the caller passes the calendar, the start,
 * the pauses and "now".
 */
import { z } from 'zod';

import {
  addBusinessTime,
  businessTimeBetween,
  CALENDAR_24X7,
  holidayDataWarnings,
  type BusinessCalendar,
  type PausedInterval,
} from './business-calendar';

/** Schema of an SLA policy (the `slaPolicy` header names one by id). */
export const slaPolicySchema = z
  .object({
    /** Kebab-case id used in the `slaPolicy` custom header, e.g. `complaint-grave`. */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id'),
    name: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
    /** Time allowed until the first response (clock time of the chosen calendar). */
    responseTargetMs: z.number().int().positive(),
    /** Time allowed until resolution (clock time of the chosen calendar). */
    resolutionTargetMs: z.number().int().positive(),
    /** Share of the resolution target after which the task is at risk and a warning goes out. */
    warnAtRatio: z.number().gt(0).lt(1),
    /** `business`: the business calendar's working hours; `24x7`: the clock always runs. */
    calendar: z.enum(['business', '24x7']),
    /** Whether time spent waiting for the customer stops the clock. */
    pauseWhileWaitingForCustomer: z.boolean(),
  })
  .refine((p) => p.responseTargetMs <= p.resolutionTargetMs, {
    message: 'responseTargetMs must not exceed resolutionTargetMs',
    path: ['responseTargetMs'],
  });

/** An SLA policy: targets, warning threshold, calendar and pause rule. */
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

/** Urgency of a task against its deadlines. */
export type SlaState = 'on-track' | 'at-risk' | 'breached';

/** The SLA states from least to most urgent. */
export const SLA_STATES: readonly SlaState[] = ['on-track', 'at-risk', 'breached'];

/** Deadlines of one task or case under a policy. */
export interface SlaDeadlines {
  /** When the task turns at risk (`slaWarnAt`). */
  readonly warnAt: Date;
  /** Resolution deadline (`slaDueAt`). */
  readonly dueAt: Date;
  /** First-response deadline. */
  readonly responseDueAt: Date;
  /** Id of the calendar the deadlines were counted on (`24x7` or the business calendar's). */
  readonly calendarId: string;
  /** Problems that did not stop the computation: a year without holiday data, or with provisional data. */
  readonly warnings: readonly string[];
}

/** Validates a policy given as data; throws with every problem listed. */
export function parseSlaPolicy(data: unknown): SlaPolicy {
  const parsed = slaPolicySchema.safeParse(data);
  if (!parsed.success) throw new Error(`Invalid SLA policy:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The calendar a policy counts on: the business calendar passed in, or 24×7. */
export function calendarForPolicy(policy: SlaPolicy, businessCalendar: BusinessCalendar): BusinessCalendar {
  return policy.calendar === '24x7' ? CALENDAR_24X7 : businessCalendar;
}

/**
 * Warning, resolution and response deadlines for work started at `startedAt`. Paused intervals count
 * only when the policy pauses while waiting for the customer; recompute when a pause ends.
 */
export function computeDeadlines(
  policy: SlaPolicy,
  businessCalendar: BusinessCalendar,
  startedAt: Date,
  pausedIntervals: readonly PausedInterval[] = [],
): SlaDeadlines {
  const calendar = calendarForPolicy(policy, businessCalendar);
  const pauses = policy.pauseWhileWaitingForCustomer ? pausedIntervals : [];
  const dueAt = addBusinessTime(calendar, startedAt, policy.resolutionTargetMs, pauses);
  const warnAt = addBusinessTime(
    calendar,
    startedAt,
    Math.max(1, Math.round(policy.resolutionTargetMs * policy.warnAtRatio)),
    pauses,
  );
  const responseDueAt = addBusinessTime(calendar, startedAt, policy.responseTargetMs, pauses);
  const warnings = holidayDataWarnings(calendar, startedAt, dueAt).map((w) => `${w} (policy ${policy.id})`);
  return { warnAt, dueAt, responseDueAt, calendarId: calendar.id, warnings };
}

/** Where `now` stands against the deadlines: breached from `dueAt` on, at risk from `warnAt` on. */
export function slaState(now: Date, deadlines: Pick<SlaDeadlines, 'warnAt' | 'dueAt'>): SlaState {
  const t = now.getTime();
  if (Number.isNaN(t)) throw new TypeError('slaState: now must be a valid Date');
  if (t >= deadlines.dueAt.getTime()) return 'breached';
  if (t >= deadlines.warnAt.getTime()) return 'at-risk';
  return 'on-track';
}

/**
 * Business time left until `dueAt` on the policy's calendar, not counting pauses; negative once the
 * deadline has passed (business time overdue).
 */
export function businessTimeLeft(
  policy: SlaPolicy,
  businessCalendar: BusinessCalendar,
  now: Date,
  deadlines: Pick<SlaDeadlines, 'dueAt'>,
  pausedIntervals: readonly PausedInterval[] = [],
): number {
  const pauses = policy.pauseWhileWaitingForCustomer ? pausedIntervals : [];
  return businessTimeBetween(calendarForPolicy(policy, businessCalendar), now, deadlines.dueAt, pauses);
}
