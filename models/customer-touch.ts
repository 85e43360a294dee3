import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * One contact with a customer (visit, call, complaint, care action) for the unified customer view's touch
 * history. `_id` `<processInstanceKey>/<elementInstanceKey>` keeps a retried job from adding it twice.
 */
export const customerTouchSchema = new Schema(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    kind: { type: String, required: true },
    summary: { type: String, default: '' },
    by: { type: String, default: null },
    processInstanceKey: { type: String, default: null },
    bpmnProcessId: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { collection: 'customertouches', versionKey: false },
);
customerTouchSchema.index({ customerId: 1, at: -1 });

export type CustomerTouch = InferSchemaType<typeof customerTouchSchema>;

export const customerTouchModel = modelFactory((conn: Connection) =>
  conn.model('CustomerTouch', customerTouchSchema),
);
