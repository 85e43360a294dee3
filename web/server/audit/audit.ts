import type { Connection } from 'mongoose';
import { auditEntryModel, type AuditAction } from '../../../models/audit-entry';
import { isConnectionBroken, isStoreUnavailable } from '../app-error';

const unreachable = (err: unknown) => isStoreUnavailable(err) || isConnectionBroken(err);

/** While the store is unreachable, a failed audit write is tried again in the background for this long. */
const RETRY_FOR_MS = 120_000;

/**
 * Appends an audit entry. Never throws into the use case: a lost audit line is logged, not a failed request.
 * When the store is only unreachable (the action itself went through, e.g. to the engine), the entry is
 * written later with its original time, so a short Mongo outage loses no line.
 */
export async function recordAudit(
  deps: { mongo: Connection; log: (line: string) => void },
  entry: {
    action: AuditAction;
    actor: string;
    subject?: string | null;
    details?: Record<string, unknown>;
    ip?: string;
  },
): Promise<void> {
  const line = {
    at: new Date(),
    action: entry.action,
    actor: entry.actor,
    subject: entry.subject ?? null,
    detailsJson: JSON.stringify(entry.details ?? {}),
    ip: entry.ip ?? null,
  };
  const lost = (err: unknown) =>
    deps.log(`audit: could not record ${entry.action} by ${entry.actor}: ${(err as Error).message}`);
  try {
    await auditEntryModel(deps.mongo).create(line);
  } catch (err) {
    if (!unreachable(err)) return lost(err);
    void retryLater(() => auditEntryModel(deps.mongo).create(line), Date.now() + RETRY_FOR_MS).catch(lost);
  }
}

async function retryLater(write: () => Promise<unknown>, until: number): Promise<void> {
  for (let waitMs = 1000; ; waitMs = Math.min(waitMs * 2, 10_000)) {
    await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
    try {
      await write();
      return;
    } catch (err) {
      if (!unreachable(err) || Date.now() > until) throw err;
    }
  }
}
