import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** Stages of service opening 业务开通 the customer can see (the `stage` header). */
export const SERVICE_OPENING_STAGES = [
  'contract-signed',
  'installation',
  'configuration',
  'acceptance',
  'opened',
] as const;

/**
 * Progress of one service opening, queryable by the customer (seed 003: opening is slow and opaque).
 * `_id` is the process instance key; each stage is entered once however often its job runs.
 */
export const serviceOpeningSchema = new Schema(
  {
    _id: { type: String, required: true },
    customerId: { type: String, default: null },
    productId: { type: String, default: null },
    currentStage: { type: String, default: null },
    stages: {
      type: [{ _id: false, stage: String, at: Date, note: String }],
      default: [],
    },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'serviceopenings', versionKey: false },
);
serviceOpeningSchema.index({ customerId: 1 });

export type ServiceOpening = InferSchemaType<typeof serviceOpeningSchema>;

export const serviceOpeningModel = modelFactory((conn: Connection) =>
  conn.model('ServiceOpening', serviceOpeningSchema),
);
