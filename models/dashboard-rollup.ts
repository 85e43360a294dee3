import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * A dashboard roll-up: the counters of one ISO week's closed tasks or ended instances in one bucket, kept by
 * the projector with `$inc` as each task closes or instance ends (web/server/projector/rollups.ts), so the
 * dashboard reads a few roll-ups and never the task history. Kinds: `process` (ended instances per process
 * and city), `task` (closed tasks per process, element and city), `handler` (closed tasks per process, city
 * and the assignee who closed them; teams are looked up from the handlers).
 */
export const dashboardRollupSchema = new Schema(
  {
    /** `<kind>|<week>|<bpmnProcessId>|<elementId>|<city>|<handler>` */
    _id: { type: String, required: true },
    kind: { type: String, enum: ['task', 'process', 'handler'], required: true },
    /** Monday 00:00 UTC of the ISO week the rows closed in. */
    week: { type: Date, required: true },
    bpmnProcessId: { type: String, required: true },
    /** The task's element id; `-` for process and handler roll-ups. */
    elementId: { type: String, required: true },
    name: { type: String, default: null },
    city: { type: String, default: null },
    /** The assignee who closed the tasks (handler roll-ups); null otherwise. */
    handler: { type: String, default: null },
    completed: { type: Number, default: 0 },
    canceled: { type: Number, default: 0 },
    /** Completed rows that had an SLA deadline, and those that ended by it. */
    withSla: { type: Number, default: 0 },
    slaMet: { type: Number, default: 0 },
    breached: { type: Number, default: 0 },
    /** Sum of the completed rows' durations: the exact average. */
    durationSumMs: { type: Number, default: 0 },
    /**
     * Completed rows per duration bin `b<k>` (k = ⌈4·log2(ms / 1 s)⌉, quarter-octave bins): percentiles merge
     * across roll-ups to within one bin (±19 %) without keeping every duration.
     */
    durationBins: { type: Schema.Types.Mixed, default: {} },
    /** Complaint instances whose handler marked `firstTimeResolved` (process roll-ups of complaints). */
    firstTimeResolved: { type: Number, default: 0 },
    /** Rows being counted right now (the redelivery guard of rollups.ts); empty between batches. */
    pending: { type: [String], default: [] },
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
