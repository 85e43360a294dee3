/** The client of the task attachments API: list, upload (the file's bytes), download, remove. */
import { api, query, request } from '../core/http';

export interface Attachment {
  id: string;
  taskKey: string;
  processInstanceKey: string;
  elementId: string;
  taskName: string | null;
  filename: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  uploadedAt: string;
}

export const listTaskAttachments = (taskKey: string) =>
  api<Attachment[]>('GET', `/api/tasks/${encodeURIComponent(taskKey)}/attachments`);
export const listInstanceAttachments = (processInstanceKey: string) =>
  api<Attachment[]>('GET', `/api/instances/${encodeURIComponent(processInstanceKey)}/attachments`);
export const uploadAttachment = (taskKey: string, file: File) =>
  api<Attachment>(
    'POST',
    `/api/tasks/${encodeURIComponent(taskKey)}/attachments${query({ filename: file.name })}`,
    file,
  );
export const attachmentContent = async (id: string) =>
  (await request('GET', `/api/attachments/${encodeURIComponent(id)}`)).blob();
export const deleteAttachment = (id: string) =>
  api<void>('DELETE', `/api/attachments/${encodeURIComponent(id)}`);
