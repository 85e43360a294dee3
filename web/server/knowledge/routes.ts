import { z } from 'zod';
import { KNOWLEDGE_LIBRARIES } from '../../../models/knowledge-item';
import type { ApiDeps } from '../api-deps';
import { pageBody } from '../http/cursor';
import { route, type ApiRoute } from '../http/route';
import { cursorQuery, limitQuery, pageHeaders } from '../http/schemas';
import { knowledgeItem, searchKnowledge } from './knowledge.service';

const item = z
  .object({ id: z.string(), library: z.string(), title: z.object({ zh: z.string(), en: z.string() }) })
  .passthrough();

export function knowledgeRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/knowledge',
        summary: 'Search the knowledge libraries',
        tag: 'knowledge',
        access: 'login',
        query: z.strictObject({
          q: z.string().min(1).max(100).optional(),
          library: z.enum(KNOWLEDGE_LIBRARIES).optional(),
          industry: z.string().max(40).optional(),
          salesStage: z.enum(['pre-sales', 'in-sales', 'after-sales']).optional(),
          templatesOnly: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          limit: limitQuery,
          cursor: cursorQuery,
        }),
        responses: { 200: { description: `items; ${pageHeaders}`, schema: z.array(item) } },
      },
      async ({ query, res }) => pageBody(res, await searchKnowledge(deps, query)),
    ),
    route(
      {
        method: 'get',
        path: '/knowledge/:id',
        summary: 'One knowledge item (counts a view)',
        tag: 'knowledge',
        access: 'login',
        params: z.object({ id: z.string().min(1).max(300) }),
        responses: { 200: { description: 'the item', schema: item }, 404: { description: 'unknown' } },
      },
      ({ params }) => knowledgeItem(deps, params.id),
    ),
  ];
}
