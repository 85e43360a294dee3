/**
 * The BPMN linter: bpmnlint with the repository's `.bpmnlintrc` (recommended rules plus
 * camunda-compat for the Zeebe version we run). Used by `npm run lint:bpmn` and by the API before
 * any deploy, so a model the broker would refuse is caught with element ids and messages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBpmn } from './moddle';

/** One lint finding: element id, rule name and message, as printed and as returned by the API. */
export interface Finding {
  elementId: string;
  rule: string;
  message: string;
  category: 'error' | 'warn' | 'info';
}

interface LintReport {
  id?: string;
  message: string;
  category: string;
}

interface BpmnLinter {
  lint(root: unknown): Promise<Record<string, LintReport[]>>;
}

const { Linter } = require('bpmnlint') as {
  Linter: new (options: { config: unknown; resolver: unknown }) => BpmnLinter;
};
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new (options?: {
  require?: NodeRequire;
}) => unknown;

const repoRoot = path.resolve(__dirname, '..');

/** The lint configuration at the repository root. */
export const lintConfig: unknown = JSON.parse(readFileSync(path.join(repoRoot, '.bpmnlintrc'), 'utf8'));

function getLinter(): BpmnLinter {
  // A fresh linter per document: bpmnlint caches rule instances, and some rules keep state between
  // calls (no-duplicate-sequence-flows remembers source/target pairs), which would leak findings from
  // one model into the next. Rule packages resolve from the repository root, whatever the cwd is.
  return new Linter({ config: lintConfig, resolver: new NodeResolver({ require }) });
}

/**
 * Lints one BPMN document. Import warnings of the moddle (unknown elements or attributes,
 * unresolved references) count as errors too: the broker or the modeler would trip over them.
 */
export async function lintBpmn(xml: string): Promise<Finding[]> {
  let parsed;
  try {
    parsed = await parseBpmn(xml);
  } catch (err) {
    return [{ elementId: '', rule: 'parse', message: (err as Error).message, category: 'error' }];
  }
  const findings: Finding[] = parsed.warnings.map((w) => ({
    elementId: '',
    rule: 'import',
    message: w.message,
    category: 'error',
  }));
  const reports = await getLinter().lint(parsed.rootElement);
  for (const [rule, list] of Object.entries(reports)) {
    for (const r of list) {
      const category = r.category === 'warn' || r.category === 'info' ? r.category : 'error';
      findings.push({ elementId: r.id ?? '', rule, message: r.message, category });
    }
  }
  return findings;
}

export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.category === 'error');
}
