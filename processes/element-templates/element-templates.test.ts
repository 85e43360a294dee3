/**
 * The element templates designers apply in the modeler: valid Camunda 8 templates, exactly one per
 * job type of docs/CONVENTIONS.md, each binding its job type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JOB_TYPES } from '../../workers/job-types';

// The validator ships no type declarations.
const { validateZeebe } = require('@bpmn-io/element-templates-validator') as {
  validateZeebe(template: unknown): { valid: boolean; errors?: unknown[] };
};

interface Template {
  id: string;
  properties: Array<{
    type?: string;
    value?: string;
    binding: { type: string; property?: string; key?: string };
  }>;
}

const files = readdirSync(__dirname).filter((f) => f.endsWith('.json'));
const templates = files.map((f) => ({
  file: f,
  json: JSON.parse(readFileSync(path.join(__dirname, f), 'utf8')),
}));

function jobTypeOf(t: Template): string | undefined {
  return t.properties.find((p) => p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type')
    ?.value;
}

test.each(files)('given %s, then the element-templates validator accepts it', (file) => {
  const json = templates.find((t) => t.file === file)?.json;
  const result = validateZeebe(json);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
});

test('given the job types of CONVENTIONS.md, then each has exactly one template named after it', () => {
  const byJobType = templates.map((t) => [jobTypeOf(t.json as Template), t.file]);
  expect(byJobType.map(([type]) => type).sort()).toEqual([...JOB_TYPES].sort());
  for (const [type, file] of byJobType) expect(file).toBe(`${type}.json`);
});
