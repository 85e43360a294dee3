import type { Connection } from 'mongoose';
import { findSlaPolicy } from './default-policies';
import { currentCaseRecord, syncCasePauses } from './case-record';
import type { SlaPolicy } from './sla-policy';
import { CUSTOMER_WAIT, SLA_PAUSE_HEADER } from './sla-pause';

/**
 * The monitor's part of the pause: while a case waits for the customer, its running SLA record shows the
 * open pause and deadlines that move with it (dashboards, the at-risk view). The model's own timers are not
 * touched: they ended with the scope the wait left, and gcflow.sla.resume-clock sets the moved deadlines for
 * the next ones.
 */
export async function syncOpenPauses(
  deps: { mongo: Connection; projection: Connection; now: () => Date },
  policies: readonly SlaPolicy[],
  scope: Record<string, unknown> = {},
): Promise<void> {
  const waiting = await deps.projection
    .collection<{ processInstanceKey: string }>('usertasks')
    .distinct('processInstanceKey', {
      state: 'open',
      [`customHeaders.${SLA_PAUSE_HEADER}`]: CUSTOMER_WAIT,
      ...scope,
    });
  for (const processInstanceKey of waiting) {
    const record = await currentCaseRecord(deps.mongo, String(processInstanceKey));
    if (!record || record.breachedAt) continue;
    await syncCasePauses(deps, record, findSlaPolicy(record.policyId, policies), {
      reopen: true,
      ifUnchanged: true,
    });
  }
}

/** Whether a case clock's instance waits for the customer now (its record must not complete meanwhile). */
export async function waitsForCustomer(
  projection: Connection,
  record: { processInstanceKey: string; startedAt: Date },
): Promise<boolean> {
  const open = await projection.collection('usertasks').countDocuments({
    processInstanceKey: record.processInstanceKey,
    state: 'open',
    [`customHeaders.${SLA_PAUSE_HEADER}`]: CUSTOMER_WAIT,
    createdAt: { $gte: record.startedAt },
  });
  return open > 0;
}
