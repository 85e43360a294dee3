import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * A form-js schema a user task shows (`zeebe:formDefinition formKey="gcflow:<formId>"`), stored at deploy
 * time so the API resolves a task's form key. Kept as JSON text: form schemas may hold keys Mongo refuses.
 */
export const taskFormSchema = new Schema(
  {
    _id: { type: String, required: true },
    schemaJson: { type: String, required: true },
    deployedAt: { type: Date, required: true },
  },
  { collection: 'taskforms', versionKey: false },
);

export type TaskForm = InferSchemaType<typeof taskFormSchema>;

export const taskFormModel = modelFactory((conn: Connection) => conn.model('TaskForm', taskFormSchema));

/** The form id behind a task's form key, or undefined for keys that are not ours. */
export function formIdOfKey(formKey: string | null | undefined): string | undefined {
  return formKey?.startsWith('gcflow:') ? formKey.slice('gcflow:'.length) : undefined;
}
