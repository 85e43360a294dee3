import { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import { pageBody } from '../http/cursor';
import { route, type ApiRoute } from '../http/route';
import { cursorQuery, keyParams, limitQuery, pageHeaders, variablesSchema } from '../http/schemas';
import { cancelInstance, instanceDetail, listInstances, startInstance } from './instances.service';

const state = z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED']);
const instanceSummary = z.object({
  processInstanceKey: z.string(),
  bpmnProcessId: z.string(),
  version: z.number(),
  state,
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  city: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  parentProcessInstanceKey: z.string().nullable(),
});
const instanceView = instanceSummary.extend({
  processDefinitionKey: z.string(),
  activeElementIds: z.array(z.string()),
  completedElementIds: z.array(z.string()),
  takenSequenceFlowIds: z.array(z.string()),
  incidents: z.array(
    z.object({
      key: z.string(),
      elementId: z.string(),
      errorType: z.string(),
      errorMessage: z.string(),
      state: z.enum(['open', 'resolved']),
      jobKey: z.string().nullable(),
    }),
  ),
  variables: z.record(z.string(), z.unknown()),
  children: z.array(instanceSummary),
  elements: z.array(
    z.object({
      elementInstanceKey: z.string(),
      elementId: z.string(),
      name: z.string().nullable(),
      bpmnElementType: z.string(),
      state: z.string(),
      startedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
      durationMs: z.number().nullable(),
    }),
  ),
});

export function instanceRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'post',
        path: '/instances',
        summary: 'Start a process instance (roles per process; city staff for their own city)',
        tag: 'instances',
        access: 'login',
        body: z.strictObject({
          bpmnProcessId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
          variables: variablesSchema.default({}),
        }),
        responses: {
          201: { description: 'started', schema: z.object({ processInstanceKey: z.string() }) },
          403: { description: 'your roles may not start this process' },
          404: { description: 'no such deployed process' },
        },
      },
      ({ body, principal }) => startInstance(deps, principal, body),
    ),
    route(
      {
        method: 'get',
        path: '/instances',
        summary: 'Process instances in your scope, newest first',
        tag: 'instances',
        access: 'login',
        query: z.strictObject({
          bpmnProcessId: z.string().max(100).optional(),
          state: state.optional(),
          city: z.string().max(20).optional(),
          customerId: z.string().max(18).optional(),
          limit: limitQuery,
          cursor: cursorQuery,
        }),
        responses: { 200: { description: `instances; ${pageHeaders}`, schema: z.array(instanceSummary) } },
      },
      async ({ query, principal, res }) => pageBody(res, await listInstances(deps, principal, query)),
    ),
    route(
      {
        method: 'get',
        path: '/instances/:key',
        summary: 'One instance: state, active/completed elements, incidents, variables, children, timings',
        tag: 'instances',
        access: 'login',
        params: keyParams,
        responses: {
          200: { description: 'the instance', schema: instanceView },
          404: { description: 'unknown or out of scope' },
        },
      },
      ({ params, principal }) => instanceDetail(deps, principal, params.key),
    ),
    route(
      {
        method: 'post',
        path: '/instances/:key/cancel',
        summary: 'Cancel a running instance',
        tag: 'instances',
        access: 'login',
        roles: ['manager', 'admin'],
        params: keyParams,
        responses: {
          204: { description: 'canceled' },
          404: { description: 'unknown or out of scope' },
          409: { description: 'the instance is not active' },
        },
      },
      ({ params, principal }) => cancelInstance(deps, principal, params.key),
    ),
  ];
}
