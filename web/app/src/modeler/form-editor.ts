/**
 * The form editor (form-js) for the selected user task's form `gcflow:<formId>`: loads the stored schema
 * (or starts an empty one) and stores it through the API, so tasks show it at once.
 */
import { FormEditor } from '@bpmn-io/form-js-editor';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { ApiError } from '../core/http';
import { getForm, saveForm } from './modeler-api';

export interface OpenFormEditor {
  save(): Promise<void>;
  destroy(): void;
}

export async function openFormEditor(container: HTMLElement, formId: string): Promise<OpenFormEditor> {
  let schema: Record<string, unknown>;
  try {
    schema = (await getForm(formId)).schema;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    schema = { type: 'default', id: formId, components: [], schemaVersion: 16 };
  }
  const editor = new FormEditor({ container });
  await editor.importSchema(schema);
  return {
    save: () => saveForm(formId, editor.saveSchema() as Record<string, unknown>),
    destroy: () => editor.destroy(),
  };
}
