/**
 * Deploys every model, decision and form under processes/ to Zeebe. Models are linted first, all of
 * them, and nothing is deployed when any has an error, so a bad model never leaves a half deploy.
 * Called processes and decisions go before their callers. Each resource is sent under its file's
 * base name (what `zbctl deploy <file>` sends too), so Zeebe answers an unchanged file with the
 * version it already has instead of a new one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ZBClient } from 'zeebe-node';
import { hasErrors, lintBpmn, type Finding } from './lint';
import { parseBpmn, type ModdleElement } from './moddle';

export const PROCESSES_DIR = __dirname;

const RESOURCE_EXTENSIONS = ['.bpmn', '.dmn', '.form'];
const SKIPPED_DIRS = new Set(['node_modules', 'element-templates']);

/** Every .bpmn, .dmn and .form below `dir`, sorted for a stable order. */
export function findResources(dir: string = PROCESSES_DIR): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...findResources(full));
    } else if (RESOURCE_EXTENSIONS.includes(path.extname(entry.name))) {
      found.push(full);
    }
  }
  return found.sort();
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  key: string;
  resourceName: string;
  /** The resource as sent (the whole file: a collaboration holds several processes). */
  bpmnXml: string;
}

export interface DeployedDecision {
  decisionId: string;
  version: number;
  key: string;
  resourceName: string;
}

/** A form-js schema as stored in a .form file; `id` is the form id of `gcflow:<formId>`. */
export interface FormSchema {
  id: string;
  type: string;
  components: unknown[];
  [key: string]: unknown;
}

export interface DeployResult {
  processes: DeployedProcess[];
  decisions: DeployedDecision[];
  /** formId → schema, for the API to resolve `gcflow:<formId>` form keys. */
  forms: Record<string, FormSchema>;
}

export interface DeployOptions {
  /** Folder to deploy; defaults to processes/. */
  dir?: string;
  /** Skip the lint gate (only for deliberately broken fixtures). Default false. */
  skipLint?: boolean;
}

/** Thrown when a model fails lint (or cannot be read): nothing has been deployed. */
export class DeployRefusedError extends Error {
  constructor(readonly findings: Array<Finding & { file: string }>) {
    super(
      `deploy refused, ${findings.length} finding(s):\n` +
        findings.map((f) => `${f.file}: ${f.elementId} ${f.rule} ${f.message}`).join('\n'),
    );
    this.name = 'DeployRefusedError';
  }
}

interface ModelInfo {
  file: string;
  xml: string;
  processIds: string[];
  calledProcessIds: string[];
}

function collectCalledIds(element: ModdleElement, into: string[]): void {
  if (element.$type === 'bpmn:CallActivity') {
    const values = (element.extensionElements as { values?: ModdleElement[] } | undefined)?.values ?? [];
    for (const v of values) {
      const id = v.$type === 'zeebe:CalledElement' ? (v.processId as string | undefined) : undefined;
      // An expression (`=...`) is resolved at run time; it cannot order the deploy.
      if (id && !id.startsWith('=')) into.push(id);
    }
  }
  for (const child of (element.flowElements as ModdleElement[] | undefined) ?? [])
    collectCalledIds(child, into);
}

async function readModel(file: string): Promise<ModelInfo> {
  const xml = readFileSync(file, 'utf8');
  const { rootElement } = await parseBpmn(xml);
  const processes = ((rootElement.rootElements as ModdleElement[] | undefined) ?? []).filter(
    (e) => e.$type === 'bpmn:Process',
  );
  const calledProcessIds: string[] = [];
  for (const p of processes) collectCalledIds(p, calledProcessIds);
  return { file, xml, processIds: processes.map((p) => p.id ?? ''), calledProcessIds };
}

/** Orders models so that a called process comes before its caller (cycles keep file order). */
export function orderByCalls<T extends Pick<ModelInfo, 'processIds' | 'calledProcessIds'>>(models: T[]): T[] {
  const byProcessId = new Map<string, T>();
  for (const m of models) for (const id of m.processIds) byProcessId.set(id, m);
  const ordered: T[] = [];
  const visiting = new Set<T>();
  const visit = (m: T): void => {
    if (ordered.includes(m) || visiting.has(m)) return;
    visiting.add(m);
    for (const id of m.calledProcessIds) {
      const callee = byProcessId.get(id);
      if (callee) visit(callee);
    }
    ordered.push(m);
  };
  models.forEach(visit);
  return ordered;
}

function readForm(file: string): FormSchema {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as FormSchema;
  if (typeof schema.id !== 'string' || !Array.isArray(schema.components)) {
    throw new Error(`${file}: a form needs a string "id" and a "components" array`);
  }
  return schema;
}

/**
 * Lints, then deploys forms, decisions and models (callees first). Returns what Zeebe answered
 * and the parsed forms.
 */
export async function deployAllProcesses(
  zbc: Pick<ZBClient, 'deployResource'>,
  opts: DeployOptions = {},
): Promise<DeployResult> {
  const files = findResources(opts.dir ?? PROCESSES_DIR);
  const refusals: Array<Finding & { file: string }> = [];

  const models: ModelInfo[] = [];
  for (const file of files.filter((f) => f.endsWith('.bpmn'))) {
    try {
      const model = await readModel(file);
      if (!opts.skipLint) {
        const findings = await lintBpmn(model.xml);
        refusals.push(...findings.filter((f) => f.category === 'error').map((f) => ({ ...f, file })));
        if (hasErrors(findings)) continue;
      }
      models.push(model);
    } catch (err) {
      refusals.push({
        file,
        elementId: '',
        rule: 'parse',
        message: (err as Error).message,
        category: 'error',
      });
    }
  }
  const forms: Record<string, FormSchema> = {};
  const formFiles = files.filter((f) => f.endsWith('.form'));
  for (const file of formFiles) {
    try {
      const schema = readForm(file);
      forms[schema.id] = schema;
    } catch (err) {
      refusals.push({
        file,
        elementId: '',
        rule: 'form',
        message: (err as Error).message,
        category: 'error',
      });
    }
  }
  if (refusals.length > 0) throw new DeployRefusedError(refusals);

  const result: DeployResult = { processes: [], decisions: [], forms };
  for (const file of formFiles) {
    await zbc.deployResource({ name: path.basename(file), form: readFileSync(file) });
  }
  for (const file of files.filter((f) => f.endsWith('.dmn'))) {
    const res = await zbc.deployResource({ name: path.basename(file), decision: readFileSync(file) });
    for (const d of res.deployments) {
      // A DMN file yields a decision-requirements entry too; only decisions are reported.
      if ('decision' in d && d.decision) {
        const { dmnDecisionId, version, decisionKey } = d.decision;
        result.decisions.push({
          decisionId: dmnDecisionId,
          version,
          key: String(decisionKey),
          resourceName: path.basename(file),
        });
      }
    }
  }
  for (const model of orderByCalls(models)) {
    const name = path.basename(model.file);
    const res = await zbc.deployResource({ name, process: Buffer.from(model.xml) });
    for (const d of res.deployments) {
      if (!d.process) continue;
      const { bpmnProcessId, version, processDefinitionKey } = d.process;
      result.processes.push({
        bpmnProcessId,
        version,
        key: String(processDefinitionKey),
        resourceName: name,
        bpmnXml: model.xml,
      });
    }
  }
  return result;
}
