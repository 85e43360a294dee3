import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import mongoose from 'mongoose';
import { REPORT_ATTACHMENT_BUCKET } from '../../../models/report-artifact';
import { taskAttachmentModel, type TaskAttachment } from '../../../models/task-attachment';
import { readAttachment, storeAttachment } from '../../../workers/reports/attachments';
import type { ApiDeps } from '../api-deps';
import { nowOf } from '../api-deps';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/audit';
import type { Principal } from '../http/principal';
import { instanceInScope } from '../instances/instances.service';
import { taskInScope } from '../tasks/tasks.service';
import { ACCEPTED_EXTENSIONS, contentFits, declaredTypeFits, fileTypeOf } from './file-types';

/** Limits of task attachments: bytes per file and files per task. */
export interface AttachmentLimits {
  maxBytes: number;
  maxPerTask: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxBytes: 10 * 1024 * 1024, maxPerTask: 20 };

type AttachmentRow = TaskAttachment & { _id: string };

/** An attachment as the API shows it. */
export function attachmentView(row: AttachmentRow) {
  return {
    id: row._id,
    taskKey: row.taskKey,
    processInstanceKey: row.processInstanceKey,
    elementId: row.elementId,
    taskName: row.taskName ?? null,
    filename: row.filename,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt,
  };
}

/** Reads the request body, refusing it (413) as soon as it grows past `maxBytes`. */
async function readBody(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (maxBytes: number) =>
  new AppError(413, 'file_too_large', `a file may have at most ${maxBytes} bytes`, [{ maxBytes }]);

/**
 * Attaches a file to an open task: its assignee only, a kind of file we accept (name, declared type and
 * content agreeing), within the size and count limits. The bytes go to GridFS, the record links them to
 * the task and its instance. Checks that need no body come first, so a refused upload is not read.
 */
export async function uploadAttachment(
  deps: ApiDeps,
  principal: Principal,
  taskKey: string,
  upload: {
    filename: string;
    declaredType: string | undefined;
    contentLength: number | null;
    body: Readable;
  },
  limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS,
) {
  const task = await taskInScope(deps, principal, taskKey);
  if (task.state !== 'open' || task.completingBy)
    throw new AppError(409, 'task_closed', `the task is ${task.completingBy ? 'completed' : task.state}`);
  if (task.assignee !== principal.username)
    throw new AppError(403, 'forbidden', 'only the assignee may attach files to the task');
  const type = fileTypeOf(upload.filename);
  if (!type) {
    throw new AppError(415, 'unsupported_file_type', `accepted files: ${ACCEPTED_EXTENSIONS.join(', ')}`, [
      { field: 'filename', accepted: ACCEPTED_EXTENSIONS },
    ]);
  }
  if (!declaredTypeFits(type, upload.declaredType)) {
    throw new AppError(
      415,
      'unsupported_file_type',
      `a .${type.extension} file is ${type.contentType}, not ${upload.declaredType}`,
    );
  }
  if (upload.contentLength !== null && upload.contentLength > limits.maxBytes)
    throw tooLarge(limits.maxBytes);
  const attachments = taskAttachmentModel(deps.mongo);
  if ((await attachments.countDocuments({ taskKey })) >= limits.maxPerTask) {
    throw new AppError(409, 'too_many_attachments', `a task may have at most ${limits.maxPerTask} files`);
  }
  const content = await readBody(upload.body, limits.maxBytes);
  if (content.length === 0) throw new AppError(400, 'empty_file', 'the file is empty');
  if (!contentFits(type, content)) {
    throw new AppError(415, 'content_mismatch', `the content is not a .${type.extension} file`);
  }
  const stored = await storeAttachment(deps.mongo, {
    filename: upload.filename,
    contentType: type.contentType,
    data: content,
    uploadedBy: principal.username,
  });
  const row = {
    _id: stored.fileId,
    taskKey,
    processInstanceKey: task.processInstanceKey,
    bpmnProcessId: task.bpmnProcessId,
    elementId: task.elementId,
    taskName: task.name ?? null,
    city: task.city ?? null,
    customerId: task.customerId ?? null,
    filename: upload.filename,
    contentType: type.contentType,
    size: content.length,
    sha256: crypto.createHash('sha256').update(content).digest('hex'),
    uploadedBy: principal.username,
    uploadedAt: nowOf(deps),
  };
  try {
    await attachments.create(row);
  } catch (err) {
    // no record, no file: the bytes would be unreachable
    await new mongoose.mongo.GridFSBucket(deps.mongo.db!, { bucketName: REPORT_ATTACHMENT_BUCKET })
      .delete(new mongoose.mongo.ObjectId(stored.fileId))
      .catch(() => undefined);
    throw err;
  }
  await recordAudit(deps, {
    action: 'task-attachment',
    actor: principal.username,
    subject: taskKey,
    details: { fileId: row._id, filename: row.filename, size: row.size },
  });
  return attachmentView(row as AttachmentRow);
}

export async function listTaskAttachments(deps: ApiDeps, principal: Principal, taskKey: string) {
  await taskInScope(deps, principal, taskKey);
  const rows = await taskAttachmentModel(deps.mongo)
    .find({ taskKey })
    .sort({ uploadedAt: 1 })
    .lean<AttachmentRow[]>();
  return rows.map(attachmentView);
}

export async function listInstanceAttachments(
  deps: ApiDeps,
  principal: Principal,
  processInstanceKey: string,
) {
  await instanceInScope(deps, principal, processInstanceKey);
  const rows = await taskAttachmentModel(deps.mongo)
    .find({ processInstanceKey })
    .sort({ uploadedAt: 1 })
    .lean<AttachmentRow[]>();
  return rows.map(attachmentView);
}

/** The file, when its task or its instance is in the principal's scope; otherwise 404 as for an unknown id. */
export async function downloadAttachment(deps: ApiDeps, principal: Principal, fileId: string) {
  const row = await taskAttachmentModel(deps.mongo).findById(fileId).lean<AttachmentRow>();
  const notFound = new AppError(404, 'not_found', `no attachment ${fileId}`);
  if (!row) throw notFound;
  await taskInScope(deps, principal, row.taskKey).catch(() =>
    instanceInScope(deps, principal, row.processInstanceKey).catch(() => {
      throw notFound;
    }),
  );
  return { row, content: await readAttachment(deps.mongo, fileId) };
}

/**
 * Removes a file from an open task: the person who attached it, while the task is still theirs. Once the task
 * is closed its files are part of the record (reports link them) and stay.
 */
export async function deleteAttachment(deps: ApiDeps, principal: Principal, fileId: string): Promise<void> {
  const attachments = taskAttachmentModel(deps.mongo);
  const row = await attachments.findById(fileId).lean<AttachmentRow>();
  const notFound = new AppError(404, 'not_found', `no attachment ${fileId}`);
  if (!row) throw notFound;
  const task = await taskInScope(deps, principal, row.taskKey).catch(() => {
    throw notFound;
  });
  if (task.state !== 'open' || task.completingBy)
    throw new AppError(409, 'task_closed', `the task is ${task.completingBy ? 'completed' : task.state}`);
  if (row.uploadedBy !== principal.username || task.assignee !== principal.username)
    throw new AppError(403, 'forbidden', 'only who attached the file, while assignee, may remove it');
  // the record first: a file no record lists is unreachable, a record without its file would be a broken link
  if ((await attachments.deleteOne({ _id: fileId })).deletedCount === 0) throw notFound;
  await new mongoose.mongo.GridFSBucket(deps.mongo.db!, { bucketName: REPORT_ATTACHMENT_BUCKET }).delete(
    new mongoose.mongo.ObjectId(fileId),
  );
  await recordAudit(deps, {
    action: 'task-attachment-delete',
    actor: principal.username,
    subject: row.taskKey,
    details: { fileId, filename: row.filename, size: row.size },
  });
}
