import type { Connection } from 'mongoose';
import { slaRecordModel, type SlaRecord } from '../../models/sla-record';
import type { SlaPolicy } from './sla-policy';
import { businessCalendar } from './policy-store';
import {
  CUSTOMER_WAIT,
  deadlinesWithPauses,
  keepRecordedEnds,
  pausesFromWaits,
  SLA_PAUSE_HEADER,
  type PausedDeadlines,
} from './sla-pause';

/** The newest case SLA record of a process instance (the one its timers watch), if any. */
export async function currentCaseRecord(
  mongo: Connection,
  processInstanceKey: string,
): Promise<(SlaRecord & { _id: string }) | null> {
  return slaRecordModel(mongo)
    .findOne({ processInstanceKey, subject: 'case' })
    .sort({ startedAt: -1 })
    .lean<SlaRecord & { _id: string }>();
}

/**
 * The user task a case SLA is about: the newest task of the instance created after the clock started whose
 * `slaPolicy` header is not a policy of its own (it follows the case, e.g. `complaint-by-grade`). Waits for the
 * customer (`slaPause: customer`) are not: the clock stands still while they are open.
 */
export async function caseTask(
  projection: Connection,
  record: Pick<SlaRecord, 'processInstanceKey' | 'startedAt'>,
  ownPolicyIds: ReadonlySet<string>,
): Promise<{ _id: string; assignee: string | null; elementId: string; state: string } | null> {
  const tasks = await projection
    .collection<{
      _id: string;
      assignee: string | null;
      elementId: string;
      state: string;
      customHeaders?: Record<string, string>;
    }>('usertasks')
    .find({ processInstanceKey: record.processInstanceKey, createdAt: { $gte: record.startedAt } })
    .sort({ createdAt: -1 })
    .toArray();
  const found = tasks.find((t) => {
    const header = t.customHeaders?.slaPolicy;
    return (
      header !== undefined &&
      !ownPolicyIds.has(header) &&
      t.customHeaders?.[SLA_PAUSE_HEADER] !== CUSTOMER_WAIT
    );
  });
  return found
    ? { _id: String(found._id), assignee: found.assignee, elementId: found.elementId, state: found.state }
    : null;
}

/** The customer-wait tasks of an instance from the projection, oldest first. */
export async function customerWaitTasks(projection: Connection, processInstanceKey: string) {
  const waits = await projection
    .collection<{ _id: string; elementId: string; state: string; createdAt: Date; closedAt?: Date | null }>(
      'usertasks',
    )
    .find({ processInstanceKey, [`customHeaders.${SLA_PAUSE_HEADER}`]: CUSTOMER_WAIT })
    .sort({ createdAt: 1 })
    .toArray();
  return waits.map((w) => ({ ...w, _id: String(w._id) }));
}

/**
 * Brings a case record's pauses up to date from the instance's customer-wait tasks and moves its deadlines
 * by them (when its policy pauses); `waitsEnded` closes waits the projection has not seen end yet; `reopen` also takes back a completion the monitor recorded when the
 * handling task closed for the wait. Returns the deadlines now in force.
 */
export async function syncCasePauses(
  deps: { mongo: Connection; projection: Connection; now: () => Date },
  record: SlaRecord & { _id: string },
  policy: SlaPolicy,
  options: { reopen?: boolean; waitsEnded?: boolean; ifUnchanged?: boolean } = {},
): Promise<PausedDeadlines & { pauses: ReturnType<typeof pausesFromWaits> }> {
  const now = deps.now();
  const projected = await customerWaitTasks(deps.projection, record.processInstanceKey);
  // after the wait (resume-clock) a wait the projection still shows open ended a moment ago, not later
  const waits = options.waitsEnded
    ? projected.map((w) => ({ ...w, closedAt: w.closedAt ?? now }))
    : projected;
  const pauses = keepRecordedEnds(pausesFromWaits(waits, new Date(record.startedAt)), record.pauses ?? []);
  const deadlines = deadlinesWithPauses(policy, businessCalendar(), new Date(record.startedAt), pauses, now);
  await slaRecordModel(deps.mongo).updateOne(
    // a breached clock keeps the deadline it breached; `ifUnchanged`: only over what was read (the monitor,
    // which must not undo the resume worker's write made in between)
    {
      _id: record._id,
      breachedAt: null,
      ...(options.ifUnchanged ? { updatedAt: (record as { updatedAt?: Date }).updatedAt } : {}),
    },
    {
      $set: {
        pauses,
        pausedMs: deadlines.pausedMs,
        warnAt: deadlines.warnAt,
        dueAt: deadlines.dueAt,
        ...(options.reopen ? { completedAt: null, met: null } : {}),
      },
    },
  );
  return { ...deadlines, pauses };
}
