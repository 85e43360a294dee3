import { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import { nowOf } from '../api-deps';
import { recordAudit } from '../audit/audit';
import { route, type ApiRoute } from '../http/route';
import { recordDeparture } from './departure.service';

/** The HR feed: a departure disables the account at once and reassigns its open tasks (issue 4's use case). */
export function hrRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'post',
        path: '/hr/departures',
        summary: 'Record a departure: disable the account, reassign its open tasks, propose account managers',
        tag: 'hr',
        access: 'login',
        roles: ['admin'],
        body: z.strictObject({ username: z.string().min(1).max(64) }),
        responses: {
          200: {
            description: 'what the departure did',
            schema: z.object({
              username: z.string(),
              disabledAt: z.string(),
              reassigned: z.array(
                z.object({
                  taskKey: z.string(),
                  elementId: z.string(),
                  assignee: z.string().nullable(),
                  rule: z.string(),
                }),
              ),
              proposals: z.array(
                z.object({ customerId: z.string(), proposedUsername: z.string().nullable() }),
              ),
            }),
          },
          404: { description: 'no such staff member' },
        },
      },
      async ({ body, principal }) => {
        const result = await recordDeparture(
          { mongo: deps.mongo, projection: deps.mongo, log: deps.log, now: () => nowOf(deps) },
          { username: body.username, actor: principal.username },
        );
        await recordAudit(deps, {
          action: 'departure',
          actor: principal.username,
          subject: body.username,
          details: { reassigned: result.reassigned.length },
        });
        for (const r of result.reassigned) {
          await recordAudit(deps, {
            action: 'task-reassign',
            actor: principal.username,
            subject: r.taskKey,
            details: { from: body.username, to: r.assignee, rule: r.rule },
          });
        }
        return result;
      },
    ),
  ];
}
