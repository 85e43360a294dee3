/**
 * Unit checks of every model in processes/: it parses cleanly, passes the linter, has diagram
 * interchange for every element, and keeps the naming contract of docs/CONVENTIONS.md (user-task
 * assignment, forms and headers; service-task job types).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findResources } from './deploy';
import { hasErrors, lintBpmn } from './lint';
import { parseBpmn, type ModdleElement } from './moddle';
import { isJobType } from '../workers/job-types';

const ROLES = [
  'account-manager',
  'industry-manager',
  'product-manager',
  'support-engineer',
  'complaint-handler',
  'review-committee',
  'business-manager',
  'manager',
  'process-designer',
  'admin',
];
const ASSIGNMENT_RULES =
  /^(account-manager|industry-manager|product-manager|least-loaded|round-robin|expert:.+)$/;
const SALES_STAGES = ['pre-sales', 'in-sales', 'after-sales'];

const modelFiles = findResources().filter((f) => f.endsWith('.bpmn'));
const formFiles = findResources().filter((f) => f.endsWith('.form'));

interface Ext {
  $type: string;
  [key: string]: unknown;
}

function extensions(el: ModdleElement): Ext[] {
  return ((el.extensionElements as { values?: Ext[] } | undefined)?.values ?? []) as Ext[];
}
function ext(el: ModdleElement, type: string): Ext | undefined {
  return extensions(el).find((e) => e.$type === type);
}
function headersOf(el: ModdleElement): Record<string, string> {
  const values = (ext(el, 'zeebe:TaskHeaders')?.values ?? []) as Array<{ key: string; value: string }>;
  return Object.fromEntries(values.map((h) => [h.key, h.value]));
}
/** All flow elements of a process, sub-processes included. */
function flowElements(container: ModdleElement): ModdleElement[] {
  const own = (container.flowElements as ModdleElement[] | undefined) ?? [];
  return own.flatMap((e) => [e, ...flowElements(e)]);
}

async function load(file: string) {
  const xml = readFileSync(file, 'utf8');
  const { rootElement, warnings } = await parseBpmn(xml);
  const roots = (rootElement.rootElements as ModdleElement[]) ?? [];
  const processes = roots.filter((r) => r.$type === 'bpmn:Process');
  const elements = processes.flatMap(flowElements);
  const diagrams =
    (rootElement.diagrams as Array<{ plane: { planeElement: Array<{ bpmnElement?: ModdleElement }> } }>) ??
    [];
  const withDi = new Set(diagrams.flatMap((d) => d.plane.planeElement.map((p) => p.bpmnElement?.id)));
  return { xml, warnings, processes, elements, withDi };
}

/** Resolves `gcflow:<formId>` to a .form file beside the model with that id. */
function expectFormResolves(formKey: unknown, modelFile: string): void {
  expect(formKey).toMatch(/^gcflow:[a-z0-9-]+$/);
  const formId = String(formKey).slice('gcflow:'.length);
  const file = path.join(path.dirname(modelFile), `${formId}.form`);
  expect(existsSync(file)).toBe(true);
  expect(JSON.parse(readFileSync(file, 'utf8')).id).toBe(formId);
}

test('given the processes folder, then it holds models', () => {
  expect(modelFiles.length).toBeGreaterThanOrEqual(4);
});

describe.each(modelFiles.map((f) => [path.relative(__dirname, f), f]))('model %s', (_name, file) => {
  test('parses with bpmn-moddle + zeebe-bpmn-moddle without warnings', async () => {
    const { warnings, processes } = await load(file);
    expect(warnings.map((w) => w.message)).toEqual([]);
    expect(processes.length).toBeGreaterThan(0);
    for (const p of processes) expect(p.isExecutable).toBe(true);
  });

  test('passes the BPMN linter without errors', async () => {
    const findings = await lintBpmn(readFileSync(file, 'utf8'));
    expect(hasErrors(findings) ? findings : []).toEqual([]);
  });

  test('has a diagram shape or edge for every flow element', async () => {
    const { elements, withDi } = await load(file);
    expect(elements.filter((e) => !withDi.has(e.id)).map((e) => e.id)).toEqual([]);
  });

  test('names every element, in Chinese first, and documents it in English', async () => {
    const { elements } = await load(file);
    const nodes = elements.filter((e) => e.$type !== 'bpmn:SequenceFlow' && !/Gateway$/.test(e.$type));
    for (const n of nodes) {
      expect({ id: n.id, zhName: /^[\u4e00-\u9fff]/.test(n.name ?? '') }).toEqual({ id: n.id, zhName: true });
      const doc = (n.documentation as Array<{ text: string }> | undefined)?.[0]?.text ?? '';
      expect({ id: n.id, doc: /^[A-Za-z]/.test(doc) }).toEqual({ id: n.id, doc: true });
    }
  });

  test('every user task has a candidate group or assignee, a resolvable form and the three headers', async () => {
    const { elements } = await load(file);
    for (const task of elements.filter((e) => e.$type === 'bpmn:UserTask')) {
      const assignment = ext(task, 'zeebe:AssignmentDefinition');
      const groups = String(assignment?.candidateGroups ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
      expect({ id: task.id, assigned: groups.length > 0 || Boolean(assignment?.assignee) }).toEqual({
        id: task.id,
        assigned: true,
      });
      // A FEEL expression (`=...`) picks the group at run time, e.g. from a routing decision.
      if (!String(assignment?.candidateGroups ?? '').startsWith('=')) {
        for (const g of groups) expect(ROLES).toContain(g);
      }
      expectFormResolves(ext(task, 'zeebe:FormDefinition')?.formKey, file);
      const headers = headersOf(task);
      expect({ id: task.id, rule: headers.assignmentRule }).toEqual({
        id: task.id,
        rule: expect.stringMatching(ASSIGNMENT_RULES),
      });
      expect({ id: task.id, sla: headers.slaPolicy }).toEqual({
        id: task.id,
        sla: expect.stringMatching(/^[a-z0-9-]+$/),
      });
      expect(SALES_STAGES).toContain(headers.salesStage);
    }
  });

  test('every start form resolves to a form file', async () => {
    const { elements } = await load(file);
    for (const start of elements.filter((e) => e.$type === 'bpmn:StartEvent')) {
      const formKey = ext(start, 'zeebe:FormDefinition')?.formKey;
      if (formKey !== undefined) expectFormResolves(formKey, file);
    }
  });

  test('every service task uses a job type of docs/CONVENTIONS.md', async () => {
    const { elements } = await load(file);
    for (const task of elements.filter((e) => e.$type === 'bpmn:ServiceTask')) {
      const type = String(ext(task, 'zeebe:TaskDefinition')?.type);
      expect({ id: task.id, type, known: isJobType(type) }).toEqual({ id: task.id, type, known: true });
    }
  });

  test('every branch of an exclusive gateway has a FEEL condition or is the default', async () => {
    const { elements } = await load(file);
    const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
    for (const gw of elements.filter((e) => e.$type === 'bpmn:ExclusiveGateway')) {
      const out = flows.filter((f) => (f.sourceRef as ModdleElement).id === gw.id);
      if (out.length < 2) continue;
      const defaultId = (gw.default as ModdleElement | undefined)?.id;
      for (const f of out) {
        if (f.id === defaultId) continue;
        const body = (f.conditionExpression as { body?: string } | undefined)?.body ?? '';
        expect({ id: f.id, feel: body.startsWith('=') }).toEqual({ id: f.id, feel: true });
      }
    }
  });
});

describe.each(formFiles.map((f) => [path.relative(__dirname, f), f]))('form %s', (_name, file) => {
  test('is a form-js schema (type default, schemaVersion 16) named after its file', () => {
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    expect(schema.type).toBe('default');
    expect(schema.schemaVersion).toBe(16);
    expect(schema.id).toBe(path.basename(file, '.form'));
    expect(Array.isArray(schema.components)).toBe(true);
  });

  test('input fields have unique keys and bilingual labels', () => {
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    const fields = (schema.components as Array<{ type: string; key?: string; label?: string }>).filter(
      (c) => c.key !== undefined,
    );
    expect(fields.length).toBeGreaterThan(0);
    expect(new Set(fields.map((c) => c.key)).size).toBe(fields.length);
    for (const c of fields) expect(c.label).toMatch(/^[\u4e00-\u9fff].*[A-Za-z]/);
  });
});
