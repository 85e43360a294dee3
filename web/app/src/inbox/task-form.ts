/**
 * The task's form rendered by form-js with the process variables; its own chunk, loaded when a task is
 * opened, so the inbox list paints without it.
 */
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { translatedValidationModule } from './form-validation-messages';

export interface TaskForm {
  /** Validates in the form (messages shown under the fields); the data when valid, else null. */
  submit(): Record<string, unknown> | null;
  /** Shows the server's validation messages under the matching fields. */
  showErrors(details: { field: string; message: string }[]): void;
  destroy(): void;
}

export async function renderTaskForm(
  container: HTMLElement,
  schema: Record<string, unknown>,
  data: Record<string, unknown>,
  readOnly: boolean,
): Promise<TaskForm> {
  const form = new Form({
    container,
    additionalModules: [translatedValidationModule],
    // form-js delays a field's change by 300 ms by default; a re-render of the form inside that window (another
    // field just changed) puts the old value back and the text typed is lost: take every change at once
    debounce: false,
  } as ConstructorParameters<typeof Form>[0]);
  await form.importSchema(schema, data);
  if (readOnly) form.setProperty('readOnly', true);
  return {
    submit() {
      const { data: values, errors } = form.submit() as {
        data: Record<string, unknown>;
        errors: Record<string, string[]>;
      };
      return Object.keys(errors).length ? null : values;
    },
    showErrors(details) {
      for (const d of details) {
        const input = container.querySelector(
          `[name="${CSS.escape(d.field)}"], #${CSS.escape(`fjs-form-${d.field}`)}`,
        );
        const field = input?.closest('.fjs-form-field') ?? null;
        if (field && !field.querySelector('.gc-server-error'))
          field.append(
            Object.assign(document.createElement('div'), {
              className: 'fjs-form-field-error gc-server-error',
              textContent: d.message,
            }),
          );
      }
    },
    destroy() {
      form.destroy();
    },
  };
}
