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
    /** Position of the last record applied, so a replayed older record changes nothing. */
    position: { type: Number, required: true },
  },
  { collection: 'processinstances', versionKey: false },
);
processInstanceSchema.index({ bpmnProcessId: 1, state: 1, startedAt: -1 });
processInstanceSchema.index({ parentProcessInstanceKey: 1 });

export type ProcessInstance = InferSchemaType<typeof processInstanceSchema>;

export const processInstanceModel = modelFactory((conn: Connection) =>
  conn.model('ProcessInstance', processInstanceSchema),
);
