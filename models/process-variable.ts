import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * A process variable at one scope. `_id` is the variable key; `valueJson` is the value as Zeebe holds it,
 * `value` its parsed form (null when its keys cannot be stored in Mongo).
 */
export const processVariableSchema = new Schema(
  {
    _id: { type: String, required: true },
    processInstanceKey: { type: String, required: true },
    scopeKey: { type: String, required: true },
    name: { type: String, required: true },
    valueJson: { type: String, required: true },
    value: { type: Schema.Types.Mixed },
    position: { type: Number, required: true },
  },
  { collection: 'processvariables', versionKey: false, minimize: false },
);
processVariableSchema.index({ processInstanceKey: 1, scopeKey: 1 });

export type ProcessVariable = InferSchemaType<typeof processVariableSchema>;

export const processVariableModel = modelFactory((conn: Connection) =>
  conn.model('ProcessVariable', processVariableSchema),
);
