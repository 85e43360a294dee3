import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * SLA policies as data: a document here replaces the shipped default of the same id (workers/sla/
 * default-policies.ts), so operators tune targets without a release. Checked with `slaPolicySchema` on read.
 */
export const slaPolicyDocumentSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { zh: { type: String, required: true }, en: { type: String, required: true } },
    responseTargetMs: { type: Number, required: true },
    resolutionTargetMs: { type: Number, required: true },
    warnAtRatio: { type: Number, required: true },
    calendar: { type: String, enum: ['business', '24x7'], required: true },
    pauseWhileWaitingForCustomer: { type: Boolean, required: true },
  },
  { collection: 'slapolicies', versionKey: false },
);

export type SlaPolicyDocument = InferSchemaType<typeof slaPolicyDocumentSchema>;

export const slaPolicyDocumentModel = modelFactory((conn: Connection) =>
  conn.model('SlaPolicyDocument', slaPolicyDocumentSchema),
);
