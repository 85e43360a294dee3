import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** A process instance as the projector sees it in the exporter stream. `_id` is the instance key. */
export const processInstanceSchema = new Schema(
  {
    _id: { type: String, required: true },
    processInstanceKey: { type: String, required: true },
    bpmnProcessId: { type: String, required: true },
    version: { type: Number, required: true },
    processDefinitionKey: { type: String, required: true },
    state: { type: String, enum: ['ACTIVE', 'COMPLETED', 'TERMINATED'], required: true },
    /** Element ids with a token now (one entry per element, however many tokens). */
    activeElementIds: { type: [String], default: [] },
    /** Element ids that completed at least once. */
    completedElementIds: { type: [String], default: [] },
    takenSequenceFlowIds: { type: [String], default: [] },
    parentProcessInstanceKey: { type: String, default: null },
    parentElementInstanceKey: { type: String, default: null },
    startedAt: { type: Date },
    endedAt: { type: Date, default: null },
    durationMs: { type: Number, default: null },
    /** Customer context copied from the instance's variables (or its parent's) by the projector. */
    city: { type: String, default: null },
    customerId: { type: String, default: null },
    customerName: { type: String, default: null },
    industry: { type: String, default: null },
    slaDueAt: { type: Date, default: null },
    slaWarnAt: { type: Date, default: null },
    /** Complaints: whether the handler resolved it at the first attempt. */
    firstTimeResolved: { type: Boolean, default: null },
    /** Position of the last record applied, so a replayed older record changes nothing. */
    position: { type: Number, required: true },
  },
  { collection: 'processinstances', versionKey: false },
);
// the instance list: process + state + start time, and the same within a city (city staff), newest first
processInstanceSchema.index({ bpmnProcessId: 1, state: 1, startedAt: -1, _id: -1 });
processInstanceSchema.index({ city: 1, bpmnProcessId: 1, state: 1, startedAt: -1, _id: -1 });
processInstanceSchema.index({ startedAt: -1, _id: -1 });
processInstanceSchema.index({ customerId: 1, state: 1 });
processInstanceSchema.index({ bpmnProcessId: 1, city: 1, endedAt: 1 });
processInstanceSchema.index({ parentProcessInstanceKey: 1 });

export type ProcessInstance = InferSchemaType<typeof processInstanceSchema>;

export const processInstanceModel = modelFactory((conn: Connection) =>
  conn.model('ProcessInstance', processInstanceSchema),
);
