/**
 * form-js writes its validation messages in English only ("Field is required."). This form-js module wraps
 * the viewer's validator so that every message it returns is shown in the UI language; a message it does not
 * know (a designer's own `patternErrorMessage`) is shown as written.
 */
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';

type Translation = [
  pattern: RegExp,
  key: MessageKey,
  params?: (m: RegExpMatchArray) => Record<string, string>,
];

const n = (m: RegExpMatchArray) => ({ n: m[1] ?? '' });

// the texts of form-js-viewer 1.x's Validator
const TRANSLATIONS: Translation[] = [
  [/^Field is required\.$/, 'formError.required'],
  [/^Field must have minimum value of (.+)\.$/, 'formError.min', n],
  [/^Field must have maximum value of (.+)\.$/, 'formError.max', n],
  [/^Field must have minimum length of (.+)\.$/, 'formError.minLength', n],
  [/^Field must have maximum length of (.+)\.$/, 'formError.maxLength', n],
  [/^Field must match pattern .+\.$/, 'formError.pattern'],
  [/^Field must be a valid +international phone number/, 'formError.phone'],
  [/^Field must be a valid email\.$/, 'formError.email'],
  [/^Value is not a number\.$/, 'formError.notNumber'],
  [/^Value is expected to be an integer\.$/, 'formError.integer'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, 'formError.decimals', n],
  [
    /^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/,
    'formError.increment',
    (m) => ({ a: m[1] ?? '', b: m[2] ?? '' }),
  ],
  [/^(Min|Max) validation value is not a valid number\.$/, 'formError.badLimit'],
];

export function translateValidationMessage(message: string): string {
  for (const [pattern, key, params] of TRANSLATIONS) {
    const match = message.match(pattern);
    if (match) return t(key, params?.(match));
  }
  return message;
}

interface FormJsValidator {
  validateField(...args: unknown[]): string[];
  validateFieldInstance(...args: unknown[]): string[];
}

class TranslatedValidation {
  static $inject = ['validator'];

  constructor(validator: FormJsValidator) {
    for (const method of ['validateField', 'validateFieldInstance'] as const) {
      const original = validator[method].bind(validator);
      validator[method] = (...args: unknown[]) => original(...args).map(translateValidationMessage);
    }
  }
}

/** For `new Form({ additionalModules: [translatedValidationModule] })`. */
export const translatedValidationModule = {
  __init__: ['translatedValidation'],
  translatedValidation: ['type', TranslatedValidation],
};
