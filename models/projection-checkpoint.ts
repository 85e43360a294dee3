import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** How far a projector's consumer group got, and how far behind the broker it was. `_id` is the group. */
export const projectionCheckpointSchema = new Schema(
  {
    _id: { type: String, required: true },
    lastPosition: { type: Number, default: 0 },
    lastRecordTimestamp: { type: Date, default: null },
    lastProjectedAt: { type: Date, default: null },
    /** Broker timestamp to Mongo write, of the last record of the last batch, in ms. */
    lagMs: { type: Number, default: 0 },
    recordsProjected: { type: Number, default: 0 },
  },
  { collection: 'projectioncheckpoints', versionKey: false },
);

export type ProjectionCheckpoint = InferSchemaType<typeof projectionCheckpointSchema>;

export const projectionCheckpointModel = modelFactory((conn: Connection) =>
  conn.model('ProjectionCheckpoint', projectionCheckpointSchema),
);
