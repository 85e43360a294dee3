import type { Connection } from 'mongoose';
import { notificationModel, type NotificationChannel } from '../../models/notification';
import { staffModel } from '../../models/staff';
import { isDuplicateKey } from '../../models/duplicate-key';
import { renderTemplate } from './templates';

/** One message to send. */
export interface OutgoingMessage {
  /** Same key, same message: sent once however often it is asked for. */
  idempotencyKey: string;
  to: string;
  recipientKind: 'customer' | 'staff';
  template: string;
  subject: string;
  body: string;
  processInstanceKey?: string | null;
}

/** A channel to people. Adapters for SMS and e-mail; all are idempotent by the message's key. */
export interface Notifier {
  readonly channel: NotificationChannel;
  /** `false` when a message with this key went out before (nothing sent now). */
  send(message: OutgoingMessage): Promise<boolean>;
}

export interface NotifierDeps {
  mongo: Connection;
  log: (line: string) => void;
  now: () => Date;
}

/**
 * The local adapter of a channel: writes the message to the outbox (`notifications`) and to the log, so
 * nothing leaves the machine. The outbox `_id` is the idempotency key: a second send is a duplicate key.
 * A gateway adapter (SMS provider, SMTP) would deliver the queued messages and mark them sent.
 */
export function createOutboxNotifier(channel: NotificationChannel, deps: NotifierDeps): Notifier {
  return {
    channel,
    async send(message) {
      const key = `${channel}:${message.idempotencyKey}:${message.to}`;
      try {
        await notificationModel(deps.mongo).create({
          _id: key,
          channel,
          to: message.to,
          recipientKind: message.recipientKind,
          template: message.template,
          subject: message.subject,
          body: message.body,
          processInstanceKey: message.processInstanceKey ?? null,
          status: 'sent',
          sentAt: deps.now(),
          createdAt: deps.now(),
        });
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
      deps.log(`notify ${channel} → ${message.to}: [${message.template}] ${message.subject}`);
      return true;
    },
  };
}

/** SMS: to customers' mobiles. */
export const createSmsNotifier = (deps: NotifierDeps): Notifier => createOutboxNotifier('sms', deps);
/** E-mail: to staff and customers with an address. */
export const createEmailNotifier = (deps: NotifierDeps): Notifier => createOutboxNotifier('email', deps);
/** The staff inbox inside gcflow (always reachable). */
export const createInboxNotifier = (deps: NotifierDeps): Notifier => createOutboxNotifier('inbox', deps);

/**
 * Tells staff members (by username): in the gcflow inbox, and by e-mail when they have an address.
 * Returns how many new messages went out.
 */
export async function notifyStaff(
  deps: NotifierDeps,
  usernames: readonly string[],
  notice: {
    idempotencyKey: string;
    template: string;
    variables: Record<string, unknown>;
    processInstanceKey?: string | null;
  },
): Promise<number> {
  const unique = [...new Set(usernames.filter(Boolean))];
  if (unique.length === 0) return 0;
  const people = await staffModel(deps.mongo)
    .find({ username: { $in: unique } }, { username: 1, email: 1 })
    .lean();
  const text = renderTemplate(notice.template, notice.variables);
  const inbox = createInboxNotifier(deps);
  const email = createEmailNotifier(deps);
  let sent = 0;
  for (const username of unique) {
    const base = {
      idempotencyKey: notice.idempotencyKey,
      recipientKind: 'staff' as const,
      template: notice.template,
      ...text,
      processInstanceKey: notice.processInstanceKey ?? null,
    };
    if (await inbox.send({ ...base, to: username })) sent += 1;
    const address = people.find((p) => p.username === username)?.email;
    if (address && (await email.send({ ...base, to: address }))) sent += 1;
  }
  return sent;
}

/** Where a customer can be reached: the mobile and e-mail given in the process, else the customer's contact. */
export interface CustomerContact {
  mobile?: string | null;
  email?: string | null;
}

/** Tells a customer by SMS and e-mail, where known. Returns the channels used (empty: no way to reach them). */
export async function notifyCustomer(
  deps: NotifierDeps,
  contact: CustomerContact,
  notice: {
    idempotencyKey: string;
    template: string;
    variables: Record<string, unknown>;
    processInstanceKey?: string | null;
  },
): Promise<NotificationChannel[]> {
  const text = renderTemplate(notice.template, notice.variables);
  const base = {
    idempotencyKey: notice.idempotencyKey,
    recipientKind: 'customer' as const,
    template: notice.template,
    ...text,
    processInstanceKey: notice.processInstanceKey ?? null,
  };
  const used: NotificationChannel[] = [];
  if (contact.mobile) {
    await createSmsNotifier(deps).send({ ...base, to: contact.mobile });
    used.push('sms');
  }
  if (contact.email) {
    await createEmailNotifier(deps).send({ ...base, to: contact.email });
    used.push('email');
  }
  return used;
}
