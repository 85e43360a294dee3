import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * One SLA clock: of a case (started by `gcflow.sla.compute-deadlines`, watched by the model's timers) or of
 * a user task without model timers (started by the SLA monitor). `_id` says which: `case/<elementInstanceKey>`
 * of the compute job, or `task/<jobKey>`. Feeds the SLA dashboards.
 */
export const slaRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    subject: { type: String, enum: ['case', 'task'], required: true },
    processInstanceKey: { type: String, required: true },
    bpmnProcessId: { type: String, required: true },
    /** The user task for `task` records. */
    taskKey: { type: String, default: null },
    elementId: { type: String, default: null },
    policyId: { type: String, required: true },
    calendarId: { type: String, required: true },
    startedAt: { type: Date, required: true },
    warnAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    state: { type: String, enum: ['on-track', 'at-risk', 'breached'], default: 'on-track' },
    warnedAt: { type: Date, default: null },
    breachedAt: { type: Date, default: null },
    completedAt: { type: Date, default: null },
    /** Whether the work ended before `dueAt`; null while it runs. */
    met: { type: Boolean, default: null },
    /** Clock time the pauses took out (working time of the policy's calendar while waiting for the customer). */
    pausedMs: { type: Number, default: 0 },
    /**
     * The waits for the customer (user tasks with the header `slaPause: customer`) during this clock: each
     * moves `warnAt`/`dueAt` by the working time it covered when the policy pauses; `to` null while it runs.
     */
    pauses: {
      type: [
        new Schema(
          {
            taskKey: { type: String, required: true },
            elementId: { type: String, required: true },
            from: { type: Date, required: true },
            to: { type: Date, default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** Who held the task when it breached. */
    holderAtBreach: { type: String, default: null },
    escalationLevel: { type: String, enum: ['city', 'province', null], default: null },
    escalatedTo: { type: [String], default: [] },
    city: { type: String, default: null },
    warnings: { type: [String], default: [] },
  },
  { collection: 'slarecords', timestamps: true },
);
slaRecordSchema.index({ processInstanceKey: 1, subject: 1, startedAt: -1 });
slaRecordSchema.index({ state: 1, completedAt: 1 });

export type SlaRecord = InferSchemaType<typeof slaRecordSchema>;

export const slaRecordModel = modelFactory((conn: Connection) => conn.model('SlaRecord', slaRecordSchema));
