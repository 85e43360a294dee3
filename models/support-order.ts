import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * A support order 甩单 dispatched to the back office. Standard kinds are answered at once; others wait for a
 * support engineer chosen by the assignment rules. `_id` `<orderKind>/<elementInstanceKey>`.
 */
export const supportOrderSchema = new Schema(
  {
    _id: { type: String, required: true },
    orderKind: { type: String, required: true },
    standard: { type: Boolean, required: true },
    status: { type: String, enum: ['completed', 'dispatched', 'unassigned'], required: true },
    request: { type: String, default: '' },
    feedback: { type: String, default: null },
    assignee: { type: String, default: null },
    assignmentReason: { zh: { type: String, default: '' }, en: { type: String, default: '' } },
    customerId: { type: String, default: null },
    city: { type: String, default: null },
    processInstanceKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
  },
  { collection: 'supportorders', versionKey: false },
);
supportOrderSchema.index({ assignee: 1, status: 1 });

export type SupportOrder = InferSchemaType<typeof supportOrderSchema>;

export const supportOrderModel = modelFactory((conn: Connection) =>
  conn.model('SupportOrder', supportOrderSchema),
);
