import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateAgainstForm } from './form-validation';

const solutionDraft = JSON.parse(
  readFileSync(path.join(__dirname, '../../../processes/solution-design/solution-draft.form'), 'utf8'),
) as { components: never[] };

describe('task form validation', () => {
  const form = {
    components: [
      { type: 'textfield', key: 'ticket', validate: { required: true, pattern: 'T-[0-9]{4}', maxLength: 6 } },
      { type: 'number', key: 'score', validate: { min: 1, max: 5 } },
      { type: 'select', key: 'grade', values: [{ value: 'ordinary' }, { value: 'grave' }] },
      { type: 'checkbox', key: 'done' },
      { type: 'textfield', key: 'mail', validate: { validationType: 'email' as const } },
      { type: 'group', components: [{ type: 'checklist', key: 'channels', values: [{ value: 'sms' }] }] },
      { type: 'textarea', key: 'why', validate: { required: true }, conditional: { hide: '=done != true' } },
    ],
  };

  it('given valid data, then no violations', () => {
    expect(
      validateAgainstForm(form, {
        ticket: 'T-1234',
        score: 5,
        grade: 'grave',
        done: false,
        channels: ['sms'],
      }),
    ).toEqual([]);
  });

  it('given wrong types, ranges, options, patterns and unknown keys, then one violation each', () => {
    const violations = validateAgainstForm(form, {
      ticket: 'T-12345',
      score: 'five',
      grade: 'urgent',
      done: 'yes',
      mail: 'not-mail',
      channels: ['fax'],
      city: 'sz',
    });
    expect(violations.map((v) => v.field).sort()).toEqual(
      ['channels', 'city', 'done', 'grade', 'mail', 'score', 'ticket'].sort(),
    );
    expect(validateAgainstForm(form, { ticket: 'T-1234', score: 9 })).toEqual([
      { field: 'score', message: 'must be at most 5' },
    ]);
  });

  it('given a required field hidden by its condition, then it may be empty; shown, it may not', () => {
    expect(validateAgainstForm(form, { ticket: 'T-1234', done: false })).toEqual([]);
    expect(validateAgainstForm(form, { ticket: 'T-1234', done: true })).toEqual([
      { field: 'why', message: 'is required' },
    ]);
    expect(validateAgainstForm(form, {})).toEqual([{ field: 'ticket', message: 'is required' }]);
  });

  it('given a shipped form, then its conditional required field follows its condition', () => {
    const shown = validateAgainstForm(solutionDraft, { supportNeeded: true });
    expect(shown.map((v) => v.field)).toContain('supportRequest');
    const hidden = validateAgainstForm(solutionDraft, { supportNeeded: false });
    expect(hidden.map((v) => v.field)).not.toContain('supportRequest');
  });
});
