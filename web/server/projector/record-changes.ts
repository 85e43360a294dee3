import { USER_TASK_JOB_TYPE } from '../../../workers/job-types';
import type { DocumentChange } from './document-change';
import {
  keyOrNull,
  type IncidentValue,
  type JobValue,
  type ProcessInstanceValue,
  type ProcessValue,
  type VariableValue,
  type ZeebeRecord,
} from './zeebe-record';

const ELEMENT_STATE: Record<string, string> = {
  ELEMENT_ACTIVATING: 'activating',
  ELEMENT_ACTIVATED: 'active',
  ELEMENT_COMPLETING: 'completing',
  ELEMENT_COMPLETED: 'completed',
  ELEMENT_TERMINATING: 'terminating',
  ELEMENT_TERMINATED: 'terminated',
  SEQUENCE_FLOW_TAKEN: 'taken',
};

function processInstanceChanges(record: ZeebeRecord<ProcessInstanceValue>): DocumentChange[] {
  const state = ELEMENT_STATE[record.intent];
  if (!state) return [];
  const v = record.value;
  const at = new Date(record.timestamp);
  const ended = state === 'completed' || state === 'terminated';
  // an element instance begins with its activation; a taken sequence flow is one record
  const creates = record.intent === 'ELEMENT_ACTIVATING' || state === 'taken';
  const changes: DocumentChange[] = [
    {
      collection: 'elementinstances',
      id: String(record.key),
      position: record.position,
      creates,
      set: { state, ...(ended || state === 'taken' ? { endedAt: at } : {}) },
      setOnInsert: {
        processInstanceKey: String(v.processInstanceKey),
        elementId: v.elementId,
        bpmnElementType: v.bpmnElementType,
        flowScopeKey: keyOrNull(v.flowScopeKey),
        startedAt: at,
      },
    },
  ];
  if (v.bpmnElementType === 'PROCESS') {
    const instanceState =
      state === 'completed' ? 'COMPLETED' : state === 'terminated' ? 'TERMINATED' : 'ACTIVE';
    changes.push({
      collection: 'processinstances',
      id: String(v.processInstanceKey),
      position: record.position,
      creates,
      set: { state: instanceState, ...(ended ? { endedAt: at } : {}) },
      setOnInsert: {
        processInstanceKey: String(v.processInstanceKey),
        bpmnProcessId: v.bpmnProcessId,
        version: v.version,
        processDefinitionKey: String(v.processDefinitionKey),
        parentProcessInstanceKey: keyOrNull(v.parentProcessInstanceKey),
        parentElementInstanceKey: keyOrNull(v.parentElementInstanceKey),
        startedAt: at,
        activeElementIds: [],
        completedElementIds: [],
        takenSequenceFlowIds: [],
      },
    });
  }
  return changes;
}

const ZEEBE_HEADER_PREFIX = 'io.camunda.zeebe:';

function parseList(header: string | undefined): string[] {
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? parsed.map(String) : [String(parsed)];
  } catch {
    return header
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
}

/** Keeps the model's own headers; Mongo field names may not start with `$` or contain `.`. */
function modelHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !name.startsWith(ZEEBE_HEADER_PREFIX) && !/^\$|\./.test(name)),
  );
}

const TASK_STATE_BY_INTENT: Record<string, string> = {
  CREATED: 'open',
  COMPLETED: 'completed',
  CANCELED: 'canceled',
  ERROR_THROWN: 'canceled',
  FAILED: 'failed',
  RETRIES_UPDATED: 'open',
};

function userTaskChanges(record: ZeebeRecord<JobValue>): DocumentChange[] {
  const v = record.value;
  if (v.type !== USER_TASK_JOB_TYPE) return [];
  const state = TASK_STATE_BY_INTENT[record.intent];
  if (!state) return [];
  const at = new Date(record.timestamp);
  const headers = v.customHeaders ?? {};
  const created = {
    jobKey: String(record.key),
    processInstanceKey: String(v.processInstanceKey),
    elementInstanceKey: String(v.elementInstanceKey),
    elementId: v.elementId,
    bpmnProcessId: v.bpmnProcessId,
    processDefinitionKey: String(v.processDefinitionKey),
    processDefinitionVersion: v.processDefinitionVersion,
    candidateGroups: parseList(headers[`${ZEEBE_HEADER_PREFIX}candidateGroups`]),
    candidateUsers: parseList(headers[`${ZEEBE_HEADER_PREFIX}candidateUsers`]),
    formKey: headers[`${ZEEBE_HEADER_PREFIX}formKey`] ?? null,
    dueDate: headers[`${ZEEBE_HEADER_PREFIX}dueDate`] ?? null,
    followUpDate: headers[`${ZEEBE_HEADER_PREFIX}followUpDate`] ?? null,
    customHeaders: modelHeaders(headers),
    createdAt: at,
  };
  const modelAssignee = headers[`${ZEEBE_HEADER_PREFIX}assignee`] ?? null;
  return [
    {
      collection: 'usertasks',
      id: String(record.key),
      position: record.position,
      creates: record.intent === 'CREATED',
      set: { state, ...(state === 'open' || state === 'failed' ? {} : { closedAt: at }) },
      // the assignee of the model is only a start: claims and the assignment worker change it later
      setOnInsert: { ...created, assignee: modelAssignee },
    },
  ];
}

function processDefinitionChanges(record: ZeebeRecord<ProcessValue>): DocumentChange[] {
  if (record.intent !== 'CREATED') return [];
  const v = record.value;
  return [
    {
      collection: 'processdefinitions',
      id: String(v.processDefinitionKey),
      position: record.position,
      set: {
        processDefinitionKey: String(v.processDefinitionKey),
        bpmnProcessId: v.bpmnProcessId,
        version: v.version,
        resourceName: v.resourceName,
        checksum: v.checksum,
        bpmnXml: Buffer.from(v.resource ?? '', 'base64').toString('utf8'),
        deployedAt: new Date(record.timestamp),
      },
    },
  ];
}

function incidentChanges(record: ZeebeRecord<IncidentValue>): DocumentChange[] {
  const v = record.value;
  const at = new Date(record.timestamp);
  if (record.intent === 'CREATED') {
    return [
      {
        collection: 'incidents',
        id: String(record.key),
        position: record.position,
        set: {
          processInstanceKey: String(v.processInstanceKey),
          elementId: v.elementId,
          elementInstanceKey: String(v.elementInstanceKey),
          jobKey: keyOrNull(v.jobKey),
          bpmnProcessId: v.bpmnProcessId ?? null,
          errorType: v.errorType,
          errorMessage: v.errorMessage,
          state: 'open',
          createdAt: at,
        },
      },
    ];
  }
  if (record.intent === 'RESOLVED') {
    return [
      {
        collection: 'incidents',
        id: String(record.key),
        position: record.position,
        set: { state: 'resolved', resolvedAt: at },
      },
    ];
  }
  return [];
}

/** Mongo (and FerretDB more so) refuses field names starting with `$` or holding `.` inside documents. */
function hasUnsafeKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasUnsafeKeys);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.startsWith('$') || k.includes('.') || hasUnsafeKeys(v));
  }
  return false;
}

function variableChanges(record: ZeebeRecord<VariableValue>): DocumentChange[] {
  if (record.intent !== 'CREATED' && record.intent !== 'UPDATED') return [];
  const v = record.value;
  let value: unknown = null;
  try {
    const parsed: unknown = JSON.parse(v.value);
    if (!hasUnsafeKeys(parsed)) value = parsed;
  } catch {
    // valueJson keeps the text
  }
  return [
    {
      collection: 'processvariables',
      id: String(record.key),
      position: record.position,
      creates: record.intent === 'CREATED',
      set: {
        processInstanceKey: String(v.processInstanceKey),
        scopeKey: String(v.scopeKey),
        name: v.name,
        // the JSON text is authoritative; `value` is the parsed form for queries, when Mongo can hold it
        valueJson: v.value,
        value,
      },
    },
  ];
}

/** What one exported record changes in the projection; commands and rejections change nothing. */
export function recordChanges(record: ZeebeRecord): DocumentChange[] {
  if (record.recordType !== 'EVENT') return [];
  switch (record.valueType) {
    case 'PROCESS_INSTANCE':
      return processInstanceChanges(record as unknown as ZeebeRecord<ProcessInstanceValue>);
    case 'JOB':
      return userTaskChanges(record as unknown as ZeebeRecord<JobValue>);
    case 'PROCESS':
      return processDefinitionChanges(record as unknown as ZeebeRecord<ProcessValue>);
    case 'INCIDENT':
      return incidentChanges(record as unknown as ZeebeRecord<IncidentValue>);
    case 'VARIABLE':
      return variableChanges(record as unknown as ZeebeRecord<VariableValue>);
    default:
      return [];
  }
}

/** The streams the projector reads (the exporter writes one per value type). */
export const PROJECTED_STREAMS = ['PROCESS', 'PROCESS_INSTANCE', 'JOB', 'INCIDENT', 'VARIABLE'].map(
  (t) => `zeebe:${t}`,
);
