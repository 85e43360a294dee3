import { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import { route, type ApiRoute } from '../http/route';
import { idParams, zeebeKey } from '../http/schemas';
import { artifactInScope, attachment, listArtifacts, renderMarkdown } from './artifacts.service';

const artifact = z
  .object({ id: z.string(), kind: z.string(), version: z.number(), processInstanceKey: z.string() })
  .passthrough();

export function contentDisposition(filename: string): string {
  return `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function artifactRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/artifacts',
        summary: 'Report artifacts of an instance',
        tag: 'artifacts',
        access: 'login',
        query: z.strictObject({ processInstanceKey: zeebeKey }),
        responses: { 200: { description: 'artifacts, newest version first', schema: z.array(artifact) } },
      },
      ({ query, principal }) => listArtifacts(deps, principal, query.processInstanceKey),
    ),
    route(
      {
        method: 'get',
        path: '/artifacts/:id',
        summary: 'One report artifact with its sections',
        tag: 'artifacts',
        access: 'login',
        params: idParams,
        responses: {
          200: { description: 'the artifact', schema: artifact },
          404: { description: 'unknown or out of scope' },
        },
      },
      async ({ params, principal }) => {
        const { _id, ...rest } = await artifactInScope(deps, principal, params.id);
        return { id: _id, ...rest };
      },
    ),
    route(
      {
        method: 'get',
        path: '/artifacts/:id/download',
        summary: 'The report as a Markdown file',
        tag: 'artifacts',
        access: 'login',
        params: idParams,
        responses: { 200: { description: 'the report', contentType: 'text/markdown' } },
      },
      async ({ params, principal, res }) => {
        const a = await artifactInScope(deps, principal, params.id);
        res
          .type('text/markdown; charset=utf-8')
          .setHeader('Content-Disposition', contentDisposition(`${a.kind}-v${a.version}.md`));
        res.send(renderMarkdown(a));
        return undefined;
      },
    ),
    route(
      {
        method: 'get',
        path: '/artifacts/:id/attachments/:fileId',
        summary: 'Download an attachment of a report',
        tag: 'artifacts',
        access: 'login',
        params: z.object({ id: z.string().min(1).max(200), fileId: z.string().regex(/^[0-9a-f]{24}$/) }),
        responses: { 200: { description: 'the file', contentType: 'application/octet-stream' } },
      },
      async ({ params, principal, res }) => {
        const { ref, content } = await attachment(deps, principal, params.id, params.fileId);
        // served as a download, never rendered: an uploaded HTML file must not run in our origin
        res
          .type('application/octet-stream')
          .setHeader('Content-Disposition', contentDisposition(ref.filename));
        res.send(content);
        return undefined;
      },
    ),
  ];
}
