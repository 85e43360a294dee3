import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * A dashboard roll-up: the closed tasks (kind `task`) or ended instances (kind `process`) of one week, process,
 * element, city and handler, summarised by the projector. Recomputed from the bucket's rows whenever one of
 * them closes, so a replayed record rewrites the same figures (idempotent) and the dashboards read a few
 * hundred roll-ups instead of scanning the task history.
 */
export const dashboardRollupSchema = new Schema(
  {
    /** `<kind>|<week>|<bpmnProcessId>|<elementId>|<city>|<handler>` */
    _id: { type: String, required: true },
    kind: { type: String, enum: ['task', 'process'], required: true },
    /** Monday 00:00 UTC of the ISO week the rows closed in. */
    week: { type: Date, required: true },
    bpmnProcessId: { type: String, required: true },
    /** The task's element id; `-` for process roll-ups. */
    elementId: { type: String, required: true },
    name: { type: String, default: null },
    city: { type: String, default: null },
    /** The assignee who completed the task; null for process roll-ups. */
    handler: { type: String, default: null },
    completed: { type: Number, default: 0 },
    canceled: { type: Number, default: 0 },
    /** Rows that had an SLA deadline, and those that ended by it. */
    withSla: { type: Number, default: 0 },
    slaMet: { type: Number, default: 0 },
    breached: { type: Number, default: 0 },
    /** Durations of the completed rows, ascending, so averages and p90 merge exactly across buckets. */
    durationsMs: { type: [Number], default: [] },
    /** Complaint instances whose handler marked `firstTimeResolved` (process roll-ups of complaints). */
    firstTimeResolved: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'dashboardrollups', versionKey: false },
);
dashboardRollupSchema.index({ kind: 1, week: 1, bpmnProcessId: 1 });
dashboardRollupSchema.index({ kind: 1, city: 1, week: 1 });

export type DashboardRollup = InferSchemaType<typeof dashboardRollupSchema>;

export const dashboardRollupModel = modelFactory((conn: Connection) =>
  conn.model('DashboardRollup', dashboardRollupSchema),
);
