import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * A counter of task changes made outside the projector (assignments, claims, SLA states). The event
 * stream wakes the inbox and the dashboard when the projector's checkpoint moves; these writes do not move
 * it, so they move this counter instead. One document, `_id` `usertasks`.
 */
export const taskChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, default: 0 },
    changedAt: { type: Date, default: null },
  },
  { collection: 'taskchanges', versionKey: false },
);

export type TaskChange = InferSchemaType<typeof taskChangeSchema>;

export const taskChangeModel = modelFactory((conn: Connection) => conn.model('TaskChange', taskChangeSchema));

const COUNTER_ID = 'usertasks';

/** Records that tasks in `conn`'s projection changed outside the projector. */
export async function markTasksChanged(conn: Connection, at = new Date()): Promise<void> {
  await taskChangeModel(conn).updateOne(
    { _id: COUNTER_ID },
    { $inc: { version: 1 }, $set: { changedAt: at } },
    { upsert: true },
  );
}

/** The counter's value (0 before the first change). */
export async function taskChangeVersion(conn: Connection): Promise<number> {
  return (await taskChangeModel(conn).findById(COUNTER_ID, { version: 1 }).lean())?.version ?? 0;
}
