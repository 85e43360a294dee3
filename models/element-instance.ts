import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** One activation of a BPMN element (or a taken sequence flow). `_id` is the element instance key. */
export const elementInstanceSchema = new Schema(
  {
    _id: { type: String, required: true },
    processInstanceKey: { type: String, required: true },
    elementId: { type: String, required: true },
    bpmnElementType: { type: String, required: true },
    state: {
      type: String,
      enum: ['activating', 'active', 'completing', 'completed', 'terminating', 'terminated', 'taken'],
      required: true,
    },
    flowScopeKey: { type: String, default: null },
    startedAt: { type: Date },
    endedAt: { type: Date, default: null },
    /** Set by the projector once the element ended, for the diagram overlay and the dashboards. */
    durationMs: { type: Number, default: null },
    position: { type: Number, required: true },
  },
  { collection: 'elementinstances', versionKey: false },
);
elementInstanceSchema.index({ processInstanceKey: 1 });

export type ElementInstance = InferSchemaType<typeof elementInstanceSchema>;

export const elementInstanceModel = modelFactory((conn: Connection) =>
  conn.model('ElementInstance', elementInstanceSchema),
);
