/**
 * Checks submitted task variables against the task's form-js schema before CompleteJob, the way the form
 * itself would in the browser: required, types per component, minLength/maxLength, pattern, min/max,
 * e-mail/phone, and options of select/radio/checklist/taglist. Keys the form does not have are refused, so
 * a completion cannot overwrite process variables the form never asked for (e.g. `city`).
 */

/** A form-js component (the fields this check reads). */
export interface FormComponent {
  type: string;
  key?: string;
  label?: string;
  values?: { value: unknown; label?: string }[];
  validate?: {
    required?: boolean;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    min?: number;
    max?: number;
    validationType?: 'email' | 'phone';
  };
  conditional?: { hide?: string };
  components?: FormComponent[];
}

/** One problem with the submitted data, by field key. */
export interface FormViolation {
  field: string;
  message: string;
}

const INPUT_TYPES = new Set([
  'textfield',
  'textarea',
  'number',
  'checkbox',
  'checklist',
  'radio',
  'select',
  'taglist',
  'datetime',
  'hidden',
  'filepicker',
]);

function fields(components: FormComponent[] = []): FormComponent[] {
  return components.flatMap((c) => [
    ...(c.key && INPUT_TYPES.has(c.type) ? [c] : []),
    // groups lay fields out; their children bind to the top level (no `path`)
    ...(c.type === 'group' ? fields(c.components) : []),
  ]);
}

/**
 * Whether a `conditional.hide` FEEL expression hides the field for these values. Only the plain comparisons
 * our forms use are evaluated (`=x != true`, `=x = "v"`); anything else counts as "may be hidden", which
 * relaxes `required` rather than refusing a valid submission.
 */
function hidden(expression: string | undefined, values: Record<string, unknown>): boolean | 'unknown' {
  if (!expression) return false;
  const m = /^=\s*([A-Za-z_][A-Za-z0-9_]*)\s*(!=|=)\s*(true|false|"[^"]*"|-?\d+(?:\.\d+)?)\s*$/.exec(
    expression,
  );
  if (!m) return 'unknown';
  const [, key, op, literal] = m;
  const expected: unknown = literal!.startsWith('"') ? literal!.slice(1, -1) : JSON.parse(literal!);
  const equal = values[key!] === expected;
  return op === '=' ? equal : !equal;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

function checkValue(field: FormComponent, value: unknown): string | undefined {
  const allowed = field.values?.map((v) => v.value);
  switch (field.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (field.validate?.min !== undefined && value < field.validate.min)
        return `must be at least ${field.validate.min}`;
      if (field.validate?.max !== undefined && value > field.validate.max)
        return `must be at most ${field.validate.max}`;
      return undefined;
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'checklist':
    case 'taglist':
      if (!Array.isArray(value)) return 'must be a list';
      if (allowed && value.some((v) => !allowed.includes(v))) return 'holds a value that is not an option';
      return undefined;
    case 'radio':
    case 'select':
      if (allowed && !allowed.includes(value)) return 'is not one of the options';
      return undefined;
    case 'filepicker':
      return undefined;
    default: {
      if (typeof value !== 'string') return 'must be text';
      const v = field.validate ?? {};
      if (v.minLength !== undefined && value.length < v.minLength)
        return `must have at least ${v.minLength} characters`;
      if (v.maxLength !== undefined && value.length > v.maxLength)
        return `must have at most ${v.maxLength} characters`;
      if (v.pattern && !new RegExp(`^(?:${v.pattern})$`).test(value))
        return 'does not match the expected pattern';
      if (v.validationType === 'email' && !EMAIL.test(value)) return 'must be an e-mail address';
      if (v.validationType === 'phone' && !PHONE.test(value)) return 'must be a phone number';
      if (field.type === 'datetime' && Number.isNaN(Date.parse(value))) return 'must be a date or time';
      return undefined;
    }
  }
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** Every violation of the form by these variables; empty when the submission is valid. */
export function validateAgainstForm(
  schema: { components?: FormComponent[] },
  variables: Record<string, unknown>,
): FormViolation[] {
  const violations: FormViolation[] = [];
  const known = fields(schema.components);
  const keys = new Set(known.map((f) => f.key!));
  for (const key of Object.keys(variables)) {
    if (!keys.has(key)) violations.push({ field: key, message: 'is not a field of this form' });
  }
  for (const field of known) {
    const key = field.key!;
    const value = variables[key];
    const isHidden = hidden(field.conditional?.hide, variables);
    if (isEmpty(value)) {
      // a checkbox left unticked is `false`, which is not empty; required applies to shown fields only
      if (field.validate?.required && isHidden === false)
        violations.push({ field: key, message: 'is required' });
      continue;
    }
    const problem = checkValue(field, value);
    if (problem) violations.push({ field: key, message: problem });
  }
  return violations;
}
