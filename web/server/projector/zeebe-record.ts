/** A record of the Zeebe log as the Redis exporter writes it in JSON format (fields we read). */
export interface ZeebeRecord<V = Record<string, unknown>> {
  partitionId: number;
  position: number;
  key: number;
  timestamp: number;
  recordType: 'EVENT' | 'COMMAND' | 'COMMAND_REJECTION';
  valueType: string;
  intent: string;
  value: V;
}

export interface ProcessInstanceValue {
  bpmnElementType: string;
  elementId: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: number;
  processInstanceKey: number;
  flowScopeKey: number;
  parentProcessInstanceKey: number;
  parentElementInstanceKey: number;
}

export interface JobValue {
  type: string;
  processInstanceKey: number;
  elementInstanceKey: number;
  elementId: string;
  bpmnProcessId: string;
  processDefinitionKey: number;
  processDefinitionVersion: number;
  customHeaders: Record<string, string>;
  retries: number;
  errorMessage: string;
}

export interface ProcessValue {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: number;
  resourceName: string;
  checksum: string;
  /** The BPMN XML, base64-encoded. */
  resource: string;
}

export interface IncidentValue {
  bpmnProcessId?: string;
  errorType: string;
  errorMessage: string;
  processInstanceKey: number;
  elementId: string;
  elementInstanceKey: number;
  jobKey: number;
}

export interface VariableValue {
  name: string;
  /** The value as a JSON text. */
  value: string;
  scopeKey: number;
  processInstanceKey: number;
}

/** Zeebe writes -1 where a key is absent. */
export function keyOrNull(key: number | undefined): string | null {
  return key === undefined || key < 0 ? null : String(key);
}

export function parseRecord(json: string): ZeebeRecord {
  const record = JSON.parse(json) as ZeebeRecord;
  if (typeof record.position !== 'number' || typeof record.valueType !== 'string') {
    throw new Error(`not a Zeebe record: ${json.slice(0, 120)}`);
  }
  return record;
}
