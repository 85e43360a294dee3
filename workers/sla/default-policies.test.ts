import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_SLA_POLICIES, findSlaPolicy, selectSlaPolicy } from './default-policies';

const PROCESSES = join(__dirname, '..', '..', 'processes');

/** Values matched by `pattern` in the shipped model files ending with `ext` (read as text). */
function valuesInModels(ext: string, pattern: RegExp): string[] {
  const files = readdirSync(PROCESSES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(ext));
  const values = files.flatMap((file) =>
    [...readFileSync(join(PROCESSES, file), 'utf8').matchAll(pattern)].map((m) => m[1] ?? ''),
  );
  return [...new Set(values)].sort();
}

// Header values that only name a default the model overrides with the variable `slaPolicy` (the
// complaint-routing decision's output); the worker must read the variable first (selectSlaPolicy).
const OVERRIDDEN_BY_VARIABLE = ['complaint-by-grade'];

describe('default SLA policies', () => {
  it('given the shipped models, then every slaPolicy header names a default policy', () => {
    const headers = valuesInModels('.bpmn', /key="slaPolicy"\s+value="([^"]+)"/g);
    expect(headers.length).toBeGreaterThan(0);
    for (const id of headers.filter((h) => !OVERRIDDEN_BY_VARIABLE.includes(h))) {
      expect(findSlaPolicy(id).id).toBe(id);
    }
  });

  it('given the shipped decisions, then every slaPolicy they output names a default policy', () => {
    const outputs = valuesInModels('.dmn', /_slaPolicy"><text>&quot;([^&]+)&quot;<\/text>/g);
    for (const id of outputs) expect(findSlaPolicy(id).id).toBe(id);
  });

  it('given the complaint grades, then graver complaints have shorter targets', () => {
    const [ordinary, serious, grave] = ['complaint-ordinary', 'complaint-serious', 'complaint-grave'].map(
      (id) => findSlaPolicy(id),
    );
    expect(grave!.responseTargetMs).toBeLessThan(serious!.responseTargetMs);
    expect(serious!.responseTargetMs).toBeLessThan(ordinary!.responseTargetMs);
    expect(grave!.pauseWhileWaitingForCustomer).toBe(false);
  });

  it('has unique ids', () => {
    const ids = DEFAULT_SLA_POLICIES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('selectSlaPolicy', () => {
  it('given a decision result in the variable, then it wins over the header default', () => {
    expect(selectSlaPolicy({ variable: 'complaint-grave', header: 'complaint-by-grade' }).id).toBe(
      'complaint-grave',
    );
  });

  it('given no variable, then the header names the policy', () => {
    expect(selectSlaPolicy({ header: 'presales-standard' }).id).toBe('presales-standard');
  });

  it('given neither, or a placeholder header alone, then the error is clear', () => {
    expect(() => selectSlaPolicy({})).toThrow(/neither a slaPolicy variable nor a slaPolicy header/);
    expect(() => selectSlaPolicy({ header: 'complaint-by-grade' })).toThrow(
      /Unknown SLA policy "complaint-by-grade"/,
    );
  });
});
