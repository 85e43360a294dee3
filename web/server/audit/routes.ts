import { z } from 'zod';
import { AUDIT_ACTIONS, auditEntryModel } from '../../../models/audit-entry';
import type { ApiDeps } from '../api-deps';
import { afterCursor, encodeCursor, pageBody } from '../http/cursor';
import { route, type ApiRoute } from '../http/route';
import { cursorQuery, limitQuery, pageHeaders } from '../http/schemas';

export function auditRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/audit',
        summary: 'The audit log, newest first',
        tag: 'audit',
        access: 'login',
        roles: ['admin'],
        query: z.strictObject({
          actor: z.string().max(64).optional(),
          action: z.enum(AUDIT_ACTIONS).optional(),
          limit: limitQuery,
          cursor: cursorQuery,
        }),
        responses: {
          200: {
            description: `entries; ${pageHeaders}`,
            schema: z.array(
              z
                .object({ id: z.string(), at: z.string(), action: z.string(), actor: z.string() })
                .passthrough(),
            ),
          },
        },
      },
      async ({ query, res }) => {
        const rows = await auditEntryModel(deps.mongo)
          .find({
            ...(query.actor ? { actor: query.actor } : {}),
            ...(query.action ? { action: query.action } : {}),
            ...afterCursor('at', -1, query.cursor),
          })
          .sort({ at: -1, _id: -1 })
          .limit(query.limit + 1)
          .lean();
        const page = rows.slice(0, query.limit);
        const last = page[page.length - 1];
        return pageBody(res, {
          items: page.map((e) => ({
            id: String(e._id),
            at: e.at,
            action: e.action,
            actor: e.actor,
            subject: e.subject ?? null,
            details: JSON.parse(e.detailsJson ?? '{}') as unknown,
          })),
          next: rows.length > query.limit && last ? encodeCursor(last.at, String(last._id)) : null,
        });
      },
    ),
  ];
}
