import { z } from 'zod';
import type { Role } from '../../../models/staff';
import type { ApiDeps } from '../api-deps';
import { pageBody } from '../http/cursor';
import { route, type ApiRoute } from '../http/route';
import { cursorQuery, limitQuery, pageHeaders } from '../http/schemas';
import { drillDown, figuresCsv, slaDashboard } from './dashboard.service';
import { satisfactionDashboard } from './satisfaction.service';

/** Who reads dashboards: managers (city managers their city), business managers, admins. */
export const DASHBOARD_ROLES: readonly Role[] = ['manager', 'business-manager', 'admin'];

const WEEK_MS = 7 * 86_400_000;
const dashboardQuery = z
  .strictObject({
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    groupBy: z.enum(['process', 'task', 'city', 'team', 'handler']).default('process'),
    bpmnProcessId: z.string().max(100).optional(),
    city: z.string().max(20).optional(),
  })
  .transform((q) => {
    const to = q.to ?? new Date();
    return { ...q, to, from: q.from ?? new Date(to.getTime() - 12 * WEEK_MS) };
  });

const figureRow = z.object({
  group: z.string(),
  label: z.string().nullable(),
  completed: z.number(),
  withSla: z.number(),
  slaMet: z.number(),
  breached: z.number(),
  slaMetPct: z.number().nullable(),
  avgDurationMs: z.number().nullable(),
  p90DurationMs: z.number().nullable(),
});
const dashboard = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.string(),
  city: z.string().nullable(),
  open: z.object({ open: z.number(), atRisk: z.number(), breached: z.number() }),
  totals: figureRow,
  rows: z.array(figureRow),
  complaints: z.object({
    completed: z.number(),
    firstTimeResolved: z.number(),
    firstTimeResolutionPct: z.number().nullable(),
    callbacksAnswered: z.number(),
    avgSatisfaction: z.number().nullable(),
  }),
  throughput: z.array(z.object({ week: z.string(), completed: z.number() })),
});

const satisfactionQuery = z
  .strictObject({
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    groupBy: z.enum(['process', 'team', 'city', 'handler']).default('process'),
    bpmnProcessId: z.string().max(100).optional(),
    city: z.string().max(20).optional(),
  })
  .transform((q) => {
    const to = q.to ?? new Date();
    return { ...q, to, from: q.from ?? new Date(to.getTime() - 12 * WEEK_MS) };
  });

const satisfactionRow = z.object({
  group: z.string(),
  answered: z.number(),
  avgSatisfaction: z.number().nullable(),
  resolvedPct: z.number().nullable(),
  lowScores: z.number(),
  scores: z.object({ 1: z.number(), 2: z.number(), 3: z.number(), 4: z.number(), 5: z.number() }),
});
const satisfaction = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.string(),
  city: z.string().nullable(),
  totals: satisfactionRow,
  rows: z.array(satisfactionRow),
});

export function dashboardRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/dashboard/satisfaction',
        summary: 'Callback satisfaction from answered surveys per process, team, city or handler',
        tag: 'dashboard',
        access: 'login',
        roles: DASHBOARD_ROLES,
        query: satisfactionQuery,
        responses: { 200: { description: 'the figures', schema: satisfaction } },
      },
      ({ query, principal }) => satisfactionDashboard(deps, principal, query),
    ),
    route(
      {
        method: 'get',
        path: '/dashboard/sla',
        summary: 'SLA figures per process, task, city, team or handler',
        tag: 'dashboard',
        access: 'login',
        roles: DASHBOARD_ROLES,
        query: dashboardQuery,
        responses: { 200: { description: 'the figures', schema: dashboard } },
      },
      ({ query, principal }) => slaDashboard(deps, principal, query),
    ),
    route(
      {
        method: 'get',
        path: '/dashboard/sla/export',
        summary: 'The same figures as CSV',
        tag: 'dashboard',
        access: 'login',
        roles: DASHBOARD_ROLES,
        query: dashboardQuery,
        responses: { 200: { description: 'CSV, one row per group', contentType: 'text/csv' } },
      },
      async ({ query, principal, res }) => {
        const figures = await slaDashboard(deps, principal, query);
        res
          .status(200)
          .type('text/csv; charset=utf-8')
          .setHeader('Content-Disposition', `attachment; filename="sla-${query.groupBy}.csv"`)
          .send(figuresCsv(figures.rows));
        return undefined;
      },
    ),
    route(
      {
        method: 'get',
        path: '/dashboard/drill-down',
        summary: 'The tasks and instances behind a figure',
        tag: 'dashboard',
        access: 'login',
        roles: DASHBOARD_ROLES,
        query: z.strictObject({
          figure: z.enum(['open', 'at-risk', 'breached', 'completed', 'sla-missed']),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          bpmnProcessId: z.string().max(100).optional(),
          elementId: z.string().max(100).optional(),
          city: z.string().max(20).optional(),
          handler: z.string().max(64).optional(),
          limit: limitQuery,
          cursor: cursorQuery,
        }),
        responses: {
          200: {
            description: `tasks behind the figure; ${pageHeaders}`,
            schema: z.array(z.record(z.string(), z.unknown())),
          },
        },
      },
      async ({ query, principal, res }) => pageBody(res, await drillDown(deps, principal, query)),
    ),
  ];
}
