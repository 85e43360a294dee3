import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * Who got a user task, by which rule and why. `_id` makes recording idempotent: `<jobKey>/initial` for a new
 * task, `<jobKey>/departure/<username>` when a departure reassigns it.
 */
export const assignmentDecisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    taskKey: { type: String, required: true },
    processInstanceKey: { type: String, required: true },
    elementId: { type: String, required: true },
    cause: { type: String, enum: ['new-task', 'departure'], required: true },
    /** Null: nobody eligible, the task stays with its candidate groups. */
    assignee: { type: String, default: null },
    previousAssignee: { type: String, default: null },
    rule: { type: String, required: true },
    requestedRule: { type: String, required: true },
    fallback: { type: Boolean, default: false },
    reason: { zh: { type: String, required: true }, en: { type: String, required: true } },
    managerNotified: { type: Boolean, default: false },
    decidedAt: { type: Date, required: true },
  },
  { collection: 'assignmentdecisions', versionKey: false },
);
assignmentDecisionSchema.index({ taskKey: 1, decidedAt: -1 });
assignmentDecisionSchema.index({ assignee: 1, decidedAt: -1 });

export type AssignmentDecisionRecord = InferSchemaType<typeof assignmentDecisionSchema>;

export const assignmentDecisionModel = modelFactory((conn: Connection) =>
  conn.model('AssignmentDecision', assignmentDecisionSchema),
);

/** The round-robin cursor of one pool (candidate groups and city): who was chosen last. */
export const roundRobinCursorSchema = new Schema(
  { _id: { type: String, required: true }, lastUsername: { type: String, required: true } },
  { collection: 'roundrobincursors', versionKey: false },
);

export const roundRobinCursorModel = modelFactory((conn: Connection) =>
  conn.model('RoundRobinCursor', roundRobinCursorSchema),
);
