import type { Connection } from 'mongoose';
import { slaRecordModel, type SlaRecord } from '../../models/sla-record';

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
 * `slaPolicy` header is not a policy of its own (it follows the case, e.g. `complaint-by-grade`).
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
    return header !== undefined && !ownPolicyIds.has(header);
  });
  return found
    ? { _id: String(found._id), assignee: found.assignee, elementId: found.elementId, state: found.state }
    : null;
}
