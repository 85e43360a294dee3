import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** What the audit log records: who logged in, deployed, completed, reassigned or changed an SLA policy. */
export const AUDIT_ACTIONS = [
  'login',
  'login-failed',
  'deploy',
  'instance-start',
  'instance-cancel',
  'task-claim',
  'task-unclaim',
  'task-complete',
  'task-reassign',
  'task-attachment',
  'task-attachment-delete',
  'incident-retry',
  'sla-policy-change',
  'departure',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One audited action; append-only, in a collection of its own. */
export const auditEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    /** Username of the actor; for a failed login the name that was tried. */
    actor: { type: String, required: true },
    /** What the action was on: a task id, a process id, a policy id, … */
    subject: { type: String, default: null },
    /** Small structured facts (never passwords or tokens); kept as JSON text so any key is storable. */
    detailsJson: { type: String, default: '{}' },
    ip: { type: String, default: null },
  },
  { collection: 'auditlog', versionKey: false },
);
auditEntrySchema.index({ at: -1 });
auditEntrySchema.index({ actor: 1, at: -1 });

export type AuditEntry = InferSchemaType<typeof auditEntrySchema>;

export const auditEntryModel = modelFactory((conn: Connection) => conn.model('AuditEntry', auditEntrySchema));
