import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ZBClient } from 'zeebe-node';
import { DeployRefusedError, deployAllProcesses, findResources, PROCESSES_DIR } from './deploy';
import { createZeebeClient } from '../test/support/stack';

/** deployAllProcesses against the real broker: callees first, unchanged files keep their version, bad models refused. */
describe('deployAllProcesses', () => {
  let zbc: ZBClient;
  const dirs: string[] = [];

  beforeAll(() => {
    zbc = createZeebeClient();
  });

  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await zbc.close();
  });

  /** A folder with copies of some process folders, so other models in progress do not matter here. */
  function copyOf(folders: string[]): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gcflow-deploy-'));
    dirs.push(dir);
    for (const folder of folders) {
      for (const file of findResources(path.join(PROCESSES_DIR, folder))) {
        copyFileSync(file, path.join(dir, path.basename(file)));
      }
    }
    return dir;
  }

  it('given the pre-sales models, when deployed twice, then callees come first and versions do not change', async () => {
    const dir = copyOf(['group-customer-project', 'requirement-mining', 'solution-design', 'product-trial']);
    const first = await deployAllProcesses(zbc, { dir });
    const order = first.processes.map((p) => p.bpmnProcessId);
    expect(order.indexOf('solution-design')).toBeLessThan(order.indexOf('requirement-mining'));
    expect(order.indexOf('requirement-mining')).toBeLessThan(order.indexOf('group-customer-project'));
    expect(order.indexOf('product-trial')).toBeLessThan(order.indexOf('group-customer-project'));
    expect(Object.keys(first.forms)).toEqual(expect.arrayContaining(['requirement-intake', 'trial-launch']));

    const second = await deployAllProcesses(zbc, { dir });
    expect(second.processes).toEqual(first.processes);
  });

  it('given one model that fails lint, then nothing is deployed and the findings name the element', async () => {
    const dir = copyOf(['solution-design']);
    writeFileSync(
      path.join(dir, 'broken.bpmn'),
      `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:process id="deploy-refusal-check" isExecutable="true">
    <bpmn:startEvent id="start" name="开始" />
  </bpmn:process>
</bpmn:definitions>`,
    );
    const deploy = jest.fn(zbc.deployResource.bind(zbc));
    const error = await deployAllProcesses(
      { deployResource: deploy as unknown as ZBClient['deployResource'] },
      { dir },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployRefusedError);
    expect((error as DeployRefusedError).findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ elementId: 'deploy-refusal-check', rule: 'end-event-required' }),
      ]),
    );
    expect(deploy).not.toHaveBeenCalled();
  });
});
