/** The inbox's client of the tasks API. */
import { api, query } from '../core/http';

export type SlaState = 'on-track' | 'at-risk' | 'breached' | 'none';

export interface InboxTask {
  id: string;
  name: string;
  /** The model's English name; null when the model has none. */
  nameEn: string | null;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  state: 'open' | 'completed' | 'canceled' | 'failed';
  assignee: string | null;
  candidateGroups: string[];
  city: string | null;
  customerId: string | null;
  createdAt: string;
  dueAt: string | null;
  sla: { state: SlaState };
}

export interface KnowledgeRef {
  id: string;
  title: { zh: string; en: string };
  library: string;
  summary: string;
  viewCount: number;
}

export interface TaskView extends InboxTask {
  formKey: string | null;
  form: Record<string, unknown> | null;
  customHeaders: Record<string, string>;
  knowledge: {
    industry: string | null;
    salesStage: string | null;
    templates: KnowledgeRef[];
    newest: KnowledgeRef[];
    mostViewed: KnowledgeRef[];
  };
}

export type Scope = 'mine' | 'candidate' | 'all';

export const listTasks = (scope: Scope) =>
  api<InboxTask[]>('GET', `/api/tasks${query({ scope, limit: 100 })}`);
export const getTask = (id: string) => api<TaskView>('GET', `/api/tasks/${encodeURIComponent(id)}`);
export const claimTask = (id: string) => api<void>('POST', `/api/tasks/${encodeURIComponent(id)}/claim`);
export const unclaimTask = (id: string) => api<void>('POST', `/api/tasks/${encodeURIComponent(id)}/unclaim`);
export const completeTask = (id: string, variables: Record<string, unknown>) =>
  api<void>('POST', `/api/tasks/${encodeURIComponent(id)}/complete`, { variables });
export const instanceVariables = async (key: string) =>
  (await api<{ variables: Record<string, unknown> }>('GET', `/api/instances/${encodeURIComponent(key)}`))
    .variables;
export const knowledgeItem = (id: string) =>
  api<KnowledgeRef & Record<string, unknown>>('GET', `/api/knowledge/${encodeURIComponent(id)}`);
