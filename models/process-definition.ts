import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** A deployed process version with its BPMN XML. `_id` is the process definition key. */
export const processDefinitionSchema = new Schema(
  {
    _id: { type: String, required: true },
    processDefinitionKey: { type: String, required: true },
    bpmnProcessId: { type: String, required: true },
    version: { type: Number, required: true },
    resourceName: { type: String, required: true },
    checksum: { type: String },
    bpmnXml: { type: String, required: true },
    deployedAt: { type: Date, required: true },
    position: { type: Number, required: true },
  },
  { collection: 'processdefinitions', versionKey: false },
);
processDefinitionSchema.index({ bpmnProcessId: 1, version: -1 });

export type ProcessDefinition = InferSchemaType<typeof processDefinitionSchema>;

export const processDefinitionModel = modelFactory((conn: Connection) =>
  conn.model('ProcessDefinition', processDefinitionSchema),
);
