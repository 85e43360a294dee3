import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** Channels of the notifier. */
export const NOTIFICATION_CHANNELS = ['sms', 'email', 'inbox'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * The notifications outbox: every message gcflow sends, to customers and staff. `_id` is the idempotency
 * key (process instance, element instance, kind, recipient), so a retried job never sends twice. Locally the
 * adapters only write here and to the log; a real gateway adapter would deliver and set `sentAt`.
 */
export const notificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    channel: { type: String, enum: NOTIFICATION_CHANNELS, required: true },
    /** Phone number, e-mail address or staff username. */
    to: { type: String, required: true },
    recipientKind: { type: String, enum: ['customer', 'staff'], required: true },
    template: { type: String, required: true },
    subject: { type: String, default: '' },
    body: { type: String, required: true },
    processInstanceKey: { type: String, default: null },
    status: { type: String, enum: ['queued', 'sent', 'failed'], default: 'queued' },
    sentAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notifications', versionKey: false },
);
notificationSchema.index({ processInstanceKey: 1, createdAt: 1 });
notificationSchema.index({ to: 1, createdAt: -1 });

export type Notification = InferSchemaType<typeof notificationSchema>;

export const notificationModel = modelFactory((conn: Connection) =>
  conn.model('Notification', notificationSchema),
);
