import type { ZBClient } from 'zeebe-node';

/** A process made for one test: start, one service task, end. */
export interface OneTaskProcess {
  bpmnProcessId: string;
  jobType: string;
  headers?: Record<string, string>;
  retries?: number;
}

const escape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * BPMN of a process with one service task (no diagram: the engine needs none). For tests that exercise one
 * worker's acknowledgement on the real broker without a whole model around it.
 */
export function oneTaskProcessXml(p: OneTaskProcess): string {
  const headers = Object.entries(p.headers ?? {})
    .map(([key, value]) => `<zeebe:header key="${escape(key)}" value="${escape(value)}" />`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_${p.bpmnProcessId}" targetNamespace="http://gcflow.local/test">
  <bpmn:process id="${p.bpmnProcessId}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="Task_Work">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${escape(p.jobType)}" retries="${p.retries ?? 3}" />
        <zeebe:taskHeaders>${headers}</zeebe:taskHeaders>
      </bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="End_Done"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_Work" />
    <bpmn:sequenceFlow id="F2" sourceRef="Task_Work" targetRef="End_Done" />
  </bpmn:process>
</bpmn:definitions>`;
}

/** Deploys the one-task process to the broker. */
export async function deployOneTaskProcess(zbc: ZBClient, p: OneTaskProcess): Promise<void> {
  await zbc.deployResource({ name: `${p.bpmnProcessId}.bpmn`, process: Buffer.from(oneTaskProcessXml(p)) });
}
