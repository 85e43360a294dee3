import { Router } from 'express';
import type { ApiDeps } from './api-deps';
import { artifactRoutes } from './artifacts/routes';
import { attachmentRoutes } from './attachments/routes';
import { auditRoutes } from './audit/routes';
import { authenticate } from './auth/authenticate';
import { authRoutes } from './auth/routes';
import { customerRoutes } from './customers/routes';
import { dashboardRoutes } from './dashboard/routes';
import { eventRoutes } from './events/routes';
import { formRoutes } from './forms/routes';
import { hrRoutes } from './hr/routes';
import { mountRoutes, route, type ApiRoute } from './http/route';
import { rejectUnsafeKeys } from './http/unsafe-keys';
import { incidentRoutes } from './incidents/routes';
import { instanceRoutes } from './instances/routes';
import { knowledgeRoutes } from './knowledge/routes';
import { metricsRoutes } from './metrics/routes';
import { EXTERNAL_ROUTE_DOCS, HEALTH_ROUTE_DOC } from './openapi/external-routes';
import { buildOpenApiDocument } from './openapi/openapi';
import { processRoutes } from './processes/routes';
import { slaRoutes } from './sla/routes';
import { staffRoutes } from './staff/routes';
import { taskRoutes } from './tasks/routes';

/** Every route of the API's route table, by resource. */
export function apiRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    ...authRoutes(deps),
    ...processRoutes(deps),
    ...formRoutes(deps),
    ...instanceRoutes(deps),
    ...taskRoutes(deps),
    ...dashboardRoutes(deps),
    ...customerRoutes(deps),
    ...staffRoutes(deps),
    ...knowledgeRoutes(deps),
    ...artifactRoutes(deps),
    ...attachmentRoutes(deps),
    ...slaRoutes(deps),
    ...incidentRoutes(deps),
    ...hrRoutes(deps),
    ...auditRoutes(deps),
    ...eventRoutes(deps),
    ...metricsRoutes(deps),
  ];
}

/**
 * The API router, mounted under /api: unsafe keys refused first, then the route table (each route with its
 * authentication, roles and input schemas), and the OpenAPI document built from the same table.
 */
export function createApiRouter(deps: ApiDeps): Router {
  const router = Router();
  router.use(rejectUnsafeKeys);
  const routes = apiRoutes(deps);
  const documented = [HEALTH_ROUTE_DOC, ...routes, ...EXTERNAL_ROUTE_DOCS];
  const openApi = route(
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'This document',
      tag: 'health',
      access: 'public',
      responses: { 200: { description: 'OpenAPI 3.1', schema: undefined } },
    },
    async () => document,
  );
  const document = buildOpenApiDocument([...documented, openApi], '0.1.0');
  mountRoutes(router, [...routes, openApi], authenticate(deps));
  return router;
}
