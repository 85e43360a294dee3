import { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import { pageBody } from '../http/cursor';
import { route, type ApiRoute } from '../http/route';
import { cursorQuery, idParams, limitQuery, pageHeaders, variablesSchema } from '../http/schemas';
import { claimTask, completeTask, listTasks, taskDetail, unclaimTask } from './tasks.service';

const inboxItem = z.object({
  id: z.string(),
  name: z.string(),
  processInstanceKey: z.string(),
  bpmnProcessId: z.string(),
  elementId: z.string(),
  state: z.enum(['open', 'completed', 'canceled', 'failed']),
  assignee: z.string().nullable(),
  candidateGroups: z.array(z.string()),
  city: z.string().nullable(),
  customerId: z.string().nullable(),
  createdAt: z.string(),
  dueAt: z.string().nullable(),
  sla: z.object({ state: z.enum(['on-track', 'at-risk', 'breached', 'none']) }),
});
const knowledgeRef = z.object({
  id: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  library: z.string(),
  summary: z.string(),
  viewCount: z.number(),
});
const taskView = inboxItem.extend({
  formKey: z.string().nullable(),
  form: z.record(z.string(), z.unknown()).nullable(),
  customHeaders: z.record(z.string(), z.string()),
  knowledge: z.object({
    industry: z.string().nullable(),
    salesStage: z.string().nullable(),
    templates: z.array(knowledgeRef),
    newest: z.array(knowledgeRef),
    mostViewed: z.array(knowledgeRef),
  }),
});

export function taskRoutes(deps: ApiDeps): ApiRoute[] {
  const action = (path: string, summary: string, run: typeof claimTask) =>
    route(
      {
        method: 'post',
        path,
        summary,
        tag: 'tasks',
        access: 'login',
        params: idParams,
        responses: {
          204: { description: 'done' },
          403: { description: 'not a candidate / not the assignee' },
          404: { description: 'unknown or out of scope' },
          409: { description: 'the task is closed or held by someone else' },
        },
      },
      ({ params, principal }) => run(deps, principal, params.id),
    );
  return [
    route(
      {
        method: 'get',
        path: '/tasks',
        summary: 'The inbox: my tasks, my groups’ unassigned tasks, or (managers) all in scope, by due date',
        tag: 'tasks',
        access: 'login',
        query: z.strictObject({
          scope: z.enum(['mine', 'candidate', 'all']).default('mine'),
          state: z.enum(['open', 'completed', 'canceled']).default('open'),
          bpmnProcessId: z.string().max(100).optional(),
          limit: limitQuery,
          cursor: cursorQuery,
        }),
        responses: { 200: { description: `tasks; ${pageHeaders}`, schema: z.array(inboxItem) } },
      },
      async ({ query, principal, res }) => pageBody(res, await listTasks(deps, principal, query)),
    ),
    route(
      {
        method: 'get',
        path: '/tasks/:id',
        summary: 'A task with its form schema and knowledge suggestions',
        tag: 'tasks',
        access: 'login',
        params: idParams,
        responses: {
          200: { description: 'the task', schema: taskView },
          404: { description: 'unknown or out of scope' },
        },
      },
      ({ params, principal }) => taskDetail(deps, principal, params.id),
    ),
    action('/tasks/:id/claim', 'Claim a task of one of your groups', claimTask),
    action('/tasks/:id/unclaim', 'Hand a task back to its groups (assignee or manager)', unclaimTask),
    route(
      {
        method: 'post',
        path: '/tasks/:id/complete',
        summary: 'Complete your task; the variables are checked against its form first',
        tag: 'tasks',
        access: 'login',
        params: idParams,
        body: z.strictObject({ variables: variablesSchema.default({}) }),
        responses: {
          204: { description: 'completed' },
          403: { description: 'not the assignee' },
          404: { description: 'unknown or out of scope' },
          409: { description: 'already completed or canceled' },
          422: {
            description: 'the variables violate the form',
            schema: z.object({
              error: z.object({ details: z.array(z.object({ field: z.string(), message: z.string() })) }),
            }),
          },
        },
      },
      ({ params, principal, body }) => completeTask(deps, principal, params.id, body.variables),
    ),
  ];
}
