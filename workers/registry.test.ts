/**
 * The registry against the models: every job type a model in processes/ uses has exactly one registered
 * worker, every registered worker is used by some model, and every BPMN error code a model catches is one
 * the workers may throw.
 */
import { readFileSync } from 'node:fs';
import { findResources } from '../processes/deploy';
import { parseBpmn, type ModdleElement } from '../processes/moddle';
import { BUSINESS_ERROR_CODES } from './business-errors';
import { JOB_WORKERS } from './index';

interface Ext {
  $type: string;
  [key: string]: unknown;
}

function flowElements(container: ModdleElement): ModdleElement[] {
  const own = (container.flowElements as ModdleElement[] | undefined) ?? [];
  return own.flatMap((e) => [e, ...flowElements(e)]);
}

async function modelUsage(): Promise<{ jobTypes: Map<string, string[]>; errorCodes: Set<string> }> {
  const jobTypes = new Map<string, string[]>();
  const errorCodes = new Set<string>();
  for (const file of findResources().filter((f) => f.endsWith('.bpmn'))) {
    const { rootElement } = await parseBpmn(readFileSync(file, 'utf8'));
    const roots = (rootElement.rootElements as ModdleElement[]) ?? [];
    for (const root of roots) {
      if (root.$type === 'bpmn:Error' && typeof root.errorCode === 'string') errorCodes.add(root.errorCode);
    }
    for (const element of roots.filter((r) => r.$type === 'bpmn:Process').flatMap(flowElements)) {
      const values = ((element.extensionElements as { values?: Ext[] } | undefined)?.values ?? []) as Ext[];
      const type = values.find((v) => v.$type === 'zeebe:TaskDefinition')?.type;
      if (typeof type === 'string')
        jobTypes.set(type, [...(jobTypes.get(type) ?? []), `${file}#${element.id}`]);
    }
  }
  return { jobTypes, errorCodes };
}

describe('worker registry', () => {
  it('given the models, then every job type they use has exactly one registered worker', async () => {
    const { jobTypes } = await modelUsage();
    const registered = JOB_WORKERS.map((w) => w.jobType);
    expect(jobTypes.size).toBeGreaterThan(0);
    const missing = [...jobTypes.keys()].filter((t) => !registered.includes(t as never));
    expect(missing).toEqual([]);
    expect(new Set(registered).size).toBe(registered.length);
  });

  it('given the registry, then every registered worker is used by some model', async () => {
    const { jobTypes } = await modelUsage();
    const unused = JOB_WORKERS.map((w) => w.jobType).filter((t) => !jobTypes.has(t));
    expect(unused).toEqual([]);
  });

  it('given the models, then every error code they catch is a business error code of the workers', async () => {
    const { errorCodes } = await modelUsage();
    const unknown = [...errorCodes].filter((c) => !(BUSINESS_ERROR_CODES as readonly string[]).includes(c));
    expect(unknown).toEqual([]);
  });

  it('given each worker, then it fetches only named variables and no duplicates', () => {
    for (const worker of JOB_WORKERS) {
      expect(new Set(worker.fetchVariable).size).toBe(worker.fetchVariable.length);
      expect(worker.fetchVariable.every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    }
  });
});
