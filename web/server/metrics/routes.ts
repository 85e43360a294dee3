import { userTaskModel } from '../../../models/user-task';
import type { ApiDeps } from '../api-deps';
import { checkHealth } from '../health';
import { route, type ApiRoute } from '../http/route';

/** Prometheus text format: projection lag (broker record → Mongo), records behind, open tasks. */
export function metricsRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/metrics',
        summary: 'Metrics in Prometheus text format (projection lag, records behind, open tasks)',
        tag: 'health',
        access: 'public',
        responses: { 200: { description: 'metrics', contentType: 'text/plain' } },
      },
      async ({ res }) => {
        const [health, openTasks] = await Promise.all([
          checkHealth(deps),
          userTaskModel(deps.mongo).countDocuments({ state: 'open' }),
        ]);
        const lines = [
          '# HELP gcflow_projection_lag_ms Broker record timestamp to projection write, in milliseconds.',
          '# TYPE gcflow_projection_lag_ms gauge',
          `gcflow_projection_lag_ms ${health.projection.lagMs ?? 'NaN'}`,
          '# HELP gcflow_projection_records_behind Exported records the projector has not acknowledged.',
          '# TYPE gcflow_projection_records_behind gauge',
          `gcflow_projection_records_behind ${health.projection.recordsBehind ?? 'NaN'}`,
          '# HELP gcflow_open_tasks Open user tasks.',
          '# TYPE gcflow_open_tasks gauge',
          `gcflow_open_tasks ${openTasks}`,
          '# HELP gcflow_up Whether engine, Mongo and Redis are all reachable.',
          '# TYPE gcflow_up gauge',
          `gcflow_up ${health.status === 'ok' ? 1 : 0}`,
        ];
        res.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
        return undefined;
      },
    ),
  ];
}
