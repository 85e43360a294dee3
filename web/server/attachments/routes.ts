import { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import { contentDisposition } from '../artifacts/routes';
import { route, type ApiRoute } from '../http/route';
import { idParams, keyParams } from '../http/schemas';
import {
  DEFAULT_ATTACHMENT_LIMITS,
  deleteAttachment,
  downloadAttachment,
  listInstanceAttachments,
  listTaskAttachments,
  uploadAttachment,
  type AttachmentLimits,
} from './attachments.service';
import { ACCEPTED_EXTENSIONS, fileTypeOf } from './file-types';

const attachment = z.object({
  id: z.string(),
  taskKey: z.string(),
  processInstanceKey: z.string(),
  elementId: z.string(),
  taskName: z.string().nullable(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

/**
 * A file name as people give it (Chinese included); no paths, no control characters, no leading dot. Its
 * kind is checked by the upload itself (415, with the accepted kinds).
 */
const filename = z
  .string()
  .trim()
  .min(3)
  .max(200)
  .refine(
    (name) =>
      ![...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'a file name without slashes or control characters',
  )
  .refine((name) => !name.startsWith('.'), 'a file name must not start with a dot');

const fileIdParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'a file id') });

const ACCEPTED_TYPES = [...new Set(ACCEPTED_EXTENSIONS.map((e) => fileTypeOf(`x.${e}`)!.contentType))];

/** Upload, list and download of the files attached to tasks (GridFS), listed with the instance's artifacts. */
export function attachmentRoutes(
  deps: ApiDeps,
  limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS,
): ApiRoute[] {
  return [
    route(
      {
        method: 'post',
        path: '/tasks/:id/attachments',
        summary: `Attach a file to an open task (its assignee; at most ${limits.maxBytes} bytes, ${limits.maxPerTask} files per task)`,
        tag: 'attachments',
        access: 'login',
        params: idParams,
        query: z.strictObject({ filename }),
        rawBody: {
          contentTypes: ACCEPTED_TYPES,
          description: `the file's bytes; accepted: ${ACCEPTED_EXTENSIONS.join(', ')}; the name's extension, the Content-Type and the content must agree`,
        },
        responses: {
          201: { description: 'stored', schema: attachment },
          403: { description: 'not the assignee' },
          404: { description: 'unknown or out of scope' },
          409: { description: 'the task is closed, or has the most files allowed' },
          413: { description: 'the file is too large' },
          415: { description: 'a kind of file not accepted, or content not matching its name' },
        },
      },
      async ({ params, query, principal, req }) => {
        const length = req.headers['content-length'];
        return uploadAttachment(
          deps,
          principal,
          params.id,
          {
            filename: query.filename,
            declaredType: req.headers['content-type'],
            contentLength: length === undefined ? null : Number(length),
            body: req,
          },
          limits,
        );
      },
    ),
    route(
      {
        method: 'get',
        path: '/tasks/:id/attachments',
        summary: 'Files attached to a task, oldest first',
        tag: 'attachments',
        access: 'login',
        params: idParams,
        responses: {
          200: { description: 'attachments', schema: z.array(attachment) },
          404: { description: 'unknown or out of scope' },
        },
      },
      ({ params, principal }) => listTaskAttachments(deps, principal, params.id),
    ),
    route(
      {
        method: 'get',
        path: '/instances/:key/attachments',
        summary: 'Files attached to the tasks of an instance, oldest first',
        tag: 'attachments',
        access: 'login',
        params: keyParams,
        responses: {
          200: { description: 'attachments', schema: z.array(attachment) },
          404: { description: 'unknown or out of scope' },
        },
      },
      ({ params, principal }) => listInstanceAttachments(deps, principal, params.key),
    ),
    route(
      {
        method: 'delete',
        path: '/attachments/:id',
        summary: 'Remove a file from an open task (who attached it, while assignee)',
        tag: 'attachments',
        access: 'login',
        params: fileIdParams,
        responses: {
          204: { description: 'removed' },
          403: { description: 'not who attached it, or no longer the assignee' },
          404: { description: 'unknown or out of scope' },
          409: { description: 'the task is closed: its files stay with the record' },
        },
      },
      async ({ params, principal }) => {
        await deleteAttachment(deps, principal, params.id);
        return undefined;
      },
    ),
    route(
      {
        method: 'get',
        path: '/attachments/:id',
        summary: 'Download an attached file (always as a download, never rendered)',
        tag: 'attachments',
        access: 'login',
        params: fileIdParams,
        responses: {
          200: { description: 'the file', contentType: 'application/octet-stream' },
          404: { description: 'unknown or out of scope' },
        },
      },
      async ({ params, principal, res }) => {
        const { row, content } = await downloadAttachment(deps, principal, params.id);
        // an uploaded file must not run in our origin: a download with its type, no sniffing (helmet)
        res
          .type(row.contentType)
          .setHeader('Content-Disposition', contentDisposition(row.filename))
          .setHeader('Cache-Control', 'private, no-store');
        res.send(content);
        return undefined;
      },
    ),
  ];
}
