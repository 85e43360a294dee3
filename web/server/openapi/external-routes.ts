import { z } from 'zod';
import { surveyAnswerSchema } from '../surveys/survey.service';
import { route, type ApiRoute } from '../http/route';

const token = z.object({ token: z.string() });

/**
 * Routes served by routers outside the route table (the public survey router of web/server/surveys), listed
 * here so the OpenAPI document describes them too. Documentation only: never mounted from this list.
 */
export const EXTERNAL_ROUTE_DOCS: ApiRoute[] = [
  route(
    {
      method: 'get',
      path: '/surveys/:token',
      summary: 'A callback survey for the customer (no login; the token is the credential; rate-limited)',
      tag: 'surveys',
      access: 'public',
      params: token,
      responses: {
        200: {
          description: 'the questions',
          schema: z.object({
            kind: z.string(),
            questions: z.array(z.unknown()),
            expiresAt: z.string(),
            answered: z.boolean(),
          }),
        },
        404: { description: 'no such survey' },
        429: { description: 'too many requests' },
      },
    },
    async () => undefined,
  ),
  route(
    {
      method: 'post',
      path: '/surveys/:token',
      summary: 'Answer a callback survey once (no login; rate-limited)',
      tag: 'surveys',
      access: 'public',
      params: token,
      body: surveyAnswerSchema,
      responses: {
        201: { description: 'answered', schema: z.record(z.string(), z.unknown()) },
        404: { description: 'no such survey' },
        409: { description: 'already answered' },
        429: { description: 'too many requests' },
      },
    },
    async () => undefined,
  ),
];

/** /api/health is mounted by app.ts itself. */
export const HEALTH_ROUTE_DOC: ApiRoute = route(
  {
    method: 'get',
    path: '/health',
    summary: 'Health of engine, Mongo, Redis and the projection lag',
    tag: 'health',
    access: 'public',
    responses: {
      200: {
        description: 'all parts reachable',
        schema: z.object({
          status: z.enum(['ok', 'degraded']),
          zeebe: z.object({ brokers: z.number(), partitions: z.number() }),
          mongo: z.string(),
          redis: z.string(),
          projection: z.object({ lagMs: z.number().nullable() }),
        }),
      },
      503: { description: 'a part is unreachable (same body, status degraded)' },
    },
  },
  async () => undefined,
);
