import type { Connection } from 'mongoose';
import { auditEntryModel, type AuditAction } from '../../../models/audit-entry';

/** Appends an audit entry. Never throws into the use case: a lost audit line is logged, not a failed request. */
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
  try {
    await auditEntryModel(deps.mongo).create({
      at: new Date(),
      action: entry.action,
      actor: entry.actor,
      subject: entry.subject ?? null,
      detailsJson: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
    });
  } catch (err) {
    deps.log(`audit: could not record ${entry.action} by ${entry.actor}: ${(err as Error).message}`);
  }
}
