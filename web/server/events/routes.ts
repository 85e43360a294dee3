import { z } from 'zod';
import { projectionCheckpointModel } from '../../../models/projection-checkpoint';
import { taskChangeVersion } from '../../../models/task-change';
import { userTaskModel } from '../../../models/user-task';
import type { ApiDeps } from '../api-deps';
import { nowOf } from '../api-deps';
import { route, type ApiRoute } from '../http/route';
import { hasAnyRole, seesAllCities, type Principal } from '../http/principal';
import { DASHBOARD_ROLES } from '../dashboard/routes';

async function inboxSnapshot(deps: ApiDeps, principal: Principal) {
  const tasks = userTaskModel(deps.mongo);
  const [mine, candidate] = await Promise.all([
    tasks.countDocuments({ assignee: principal.username, state: 'open' }),
    tasks.countDocuments({
      candidateGroups: { $in: principal.roles },
      state: 'open',
      assignee: null,
      ...(seesAllCities(principal) ? {} : { city: principal.city }),
    }),
  ]);
  return { mine, candidate };
}

async function dashboardSnapshot(deps: ApiDeps, principal: Principal) {
  const tasks = userTaskModel(deps.mongo);
  const now = nowOf(deps);
  const base = { state: 'open', ...(seesAllCities(principal) ? {} : { city: principal.city }) };
  const [open, breached] = await Promise.all([
    tasks.countDocuments(base),
    tasks.countDocuments({
      ...base,
      $or: [{ slaState: 'breached' }, { slaState: null, dueAt: { $lte: now } }],
    }),
  ]);
  return { open, breached };
}

/**
 * Server-sent events: a snapshot at once, then a new one whenever the projection moved (the projector's
 * checkpoint, or the counter of task changes made beside the projector, such as assignments), so the inbox
 * and the dashboard refresh without polling the API. Works whichever process runs the projector, since it
 * watches shared documents rather than an in-process hook.
 */
export function eventRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/events',
        summary:
          'Server-sent events `inbox` and `dashboard` (token in the header, or `access_token` for EventSource)',
        tag: 'events',
        access: 'login',
        query: z.object({
          topics: z
            .string()
            .max(40)
            .default('inbox')
            .transform((t) => t.split(',').filter((x) => x === 'inbox' || x === 'dashboard')),
          access_token: z.string().optional(),
        }),
        responses: { 200: { description: 'an event stream', contentType: 'text/event-stream' } },
      },
      async ({ query, principal, req, res }) => {
        const topics = query.topics.filter((t) => t === 'inbox' || hasAnyRole(principal, DASHBOARD_ROLES));
        res.status(200).set({
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-cache',
          Connection: 'keep-alive',
        });
        res.flushHeaders();
        let lastSeen = '';
        let closed = false;
        const send = async () => {
          const [checkpoint, taskChanges] = await Promise.all([
            projectionCheckpointModel(deps.mongo).findById(deps.projectorGroup, { lastPosition: 1 }).lean(),
            taskChangeVersion(deps.mongo),
          ]);
          const position = checkpoint?.lastPosition ?? 0;
          // assignments, claims and SLA states are written beside the projector: they move their own counter
          const seen = `${position}/${taskChanges}`;
          if (seen === lastSeen || closed) return;
          lastSeen = seen;
          for (const topic of topics) {
            const data =
              topic === 'inbox'
                ? await inboxSnapshot(deps, principal)
                : await dashboardSnapshot(deps, principal);
            res.write(`event: ${topic}\nid: ${position}\ndata: ${JSON.stringify(data)}\n\n`);
          }
        };
        const timer = setInterval(() => {
          send().catch((err: Error) => deps.log(`events: ${err.message}`));
        }, deps.eventPollMs ?? 1000);
        const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
        req.on('close', () => {
          closed = true;
          clearInterval(timer);
          clearInterval(keepAlive);
        });
        await send();
        return undefined;
      },
    ),
  ];
}
