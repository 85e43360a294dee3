import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hasErrors, lintBpmn } from './lint';

/** The linter the API runs before any deploy: findings carry element id, rule and message. */
describe('lintBpmn', () => {
  it('given a shipped model, then it has no errors', async () => {
    const xml = readFileSync(path.join(__dirname, 'solution-design', 'solution-design.bpmn'), 'utf8');
    expect(hasErrors(await lintBpmn(xml))).toBe(false);
  });

  it('given a service task without a job type and no end event, then it reports them by element id and rule', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" name="开始"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="task" name="任务"><bpmn:incoming>f1</bpmn:incoming></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
  </bpmn:process>
</bpmn:definitions>`;
    const findings = await lintBpmn(xml);
    expect(hasErrors(findings)).toBe(true);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          elementId: 'task',
          rule: 'camunda-compat/implementation',
          category: 'error',
        }),
        expect.objectContaining({ elementId: 'p', rule: 'end-event-required' }),
      ]),
    );
  });

  it('given text that is not BPMN, then it reports a parse or import error instead of throwing', async () => {
    const findings = await lintBpmn('<not-bpmn/>');
    expect(hasErrors(findings)).toBe(true);
  });
});
