import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** An incident (a job out of retries, a failed expression, …). `_id` is the incident key. */
export const incidentSchema = new Schema(
  {
    _id: { type: String, required: true },
    processInstanceKey: { type: String, required: true },
    elementId: { type: String, required: true },
    elementInstanceKey: { type: String, required: true },
    jobKey: { type: String, default: null },
    bpmnProcessId: { type: String, default: null },
    errorType: { type: String, required: true },
    errorMessage: { type: String, default: '' },
    state: { type: String, enum: ['open', 'resolved'], required: true },
    createdAt: { type: Date },
    resolvedAt: { type: Date, default: null },
    position: { type: Number, required: true },
  },
  { collection: 'incidents', versionKey: false },
);
incidentSchema.index({ processInstanceKey: 1, state: 1 });
incidentSchema.index({ state: 1, createdAt: -1 });

export type Incident = InferSchemaType<typeof incidentSchema>;

export const incidentModel = modelFactory((conn: Connection) => conn.model('Incident', incidentSchema));
