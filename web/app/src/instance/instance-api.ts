/** The instance view's client: instances, their diagram, incidents, artifacts. */
import { api, query } from '../core/http';

export interface InstanceSummary {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  city: string | null;
  customerId: string | null;
  customerName: string | null;
  parentProcessInstanceKey: string | null;
}

export interface Incident {
  key: string;
  elementId: string;
  errorType: string;
  errorMessage: string;
  state: 'open' | 'resolved';
  jobKey: string | null;
}

export interface ElementRow {
  elementInstanceKey: string;
  elementId: string;
  name: string | null;
  nameEn: string | null;
  bpmnElementType: string;
  state: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
}

export interface InstanceDetail extends InstanceSummary {
  processDefinitionKey: string;
  activeElementIds: string[];
  completedElementIds: string[];
  takenSequenceFlowIds: string[];
  incidents: Incident[];
  variables: Record<string, unknown>;
  children: InstanceSummary[];
  elements: ElementRow[];
}

export interface Artifact {
  id: string;
  kind: string;
  version: number;
  processInstanceKey: string;
  [key: string]: unknown;
}

export const listInstances = (q: { bpmnProcessId?: string; state?: string; customerId?: string }) =>
  api<InstanceSummary[]>('GET', `/api/instances${query({ ...q, limit: 100 })}`);
export const getInstance = (key: string) =>
  api<InstanceDetail>('GET', `/api/instances/${encodeURIComponent(key)}`);
export const processXml = async (definitionKey: string) =>
  (await api<{ bpmnXml: string }>('GET', `/api/processes/${encodeURIComponent(definitionKey)}/xml`)).bpmnXml;
export const retryIncident = (key: string) =>
  api<void>('POST', `/api/incidents/${encodeURIComponent(key)}/retry`, { retries: 3 });
export const listArtifacts = (processInstanceKey: string) =>
  api<Artifact[]>('GET', `/api/artifacts${query({ processInstanceKey })}`);
