import { z } from 'zod';
import type { Role } from '../../../models/staff';
import type { ApiDeps } from '../api-deps';
import { route, type ApiRoute } from '../http/route';
import { keyParams, limitQuery } from '../http/schemas';
import { listIncidents, retryIncident } from './incidents.service';

const INCIDENT_ROLES: readonly Role[] = ['manager', 'admin', 'process-designer'];

export function incidentRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/incidents',
        summary: 'Incidents in your scope, newest first',
        tag: 'incidents',
        access: 'login',
        roles: INCIDENT_ROLES,
        query: z.strictObject({ state: z.enum(['open', 'resolved']).default('open'), limit: limitQuery }),
        responses: {
          200: {
            description: 'incidents',
            schema: z.array(
              z
                .object({ key: z.string(), processInstanceKey: z.string(), errorMessage: z.string() })
                .passthrough(),
            ),
          },
        },
      },
      ({ query, principal }) => listIncidents(deps, principal, query.state, query.limit),
    ),
    route(
      {
        method: 'post',
        path: '/incidents/:key/retry',
        summary: 'Give the job its retries back and resolve the incident',
        tag: 'incidents',
        access: 'login',
        roles: INCIDENT_ROLES,
        params: keyParams,
        body: z.strictObject({ retries: z.number().int().min(1).max(10).default(3) }),
        responses: {
          204: { description: 'resolved; the engine retries' },
          404: { description: 'unknown or out of scope' },
          409: { description: 'already resolved' },
        },
      },
      ({ params, body, principal }) => retryIncident(deps, principal, params.key, body.retries),
    ),
  ];
}
