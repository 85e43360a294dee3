/** The modeler's client: deployed definitions and their XML, deploy, user-task forms. */
import { api } from '../core/http';

export interface Definition {
  bpmnProcessId: string;
  version: number;
  key: string;
  name: string;
}

export const listDefinitions = () => api<Definition[]>('GET', '/api/processes');
export const definitionXml = async (key: string) =>
  (await api<{ bpmnXml: string }>('GET', `/api/processes/${encodeURIComponent(key)}/xml`)).bpmnXml;
export const deploy = (name: string, xml: string) =>
  api<{ bpmnProcessId: string; version: number; key: string }>('POST', '/api/processes', { name, xml });
export const getForm = (id: string) =>
  api<{ id: string; schema: Record<string, unknown> }>('GET', `/api/forms/${encodeURIComponent(id)}`);
export const saveForm = (id: string, schema: Record<string, unknown>) =>
  api<void>('PUT', `/api/forms/${encodeURIComponent(id)}`, { schema });
