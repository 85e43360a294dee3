import { z } from 'zod';
import type { Role } from '../../../models/staff';
import type { ApiDeps } from '../api-deps';
import { route, type ApiRoute } from '../http/route';
import { listCalendars, listPolicies, savePolicy } from './sla.service';

const SLA_ROLES: readonly Role[] = ['manager', 'admin'];
const policyBody = z.strictObject({
  name: z.object({ zh: z.string().min(1).max(100), en: z.string().min(1).max(100) }),
  responseTargetMs: z.number().int().positive(),
  resolutionTargetMs: z.number().int().positive(),
  warnAtRatio: z.number().gt(0).lt(1),
  calendar: z.enum(['business', '24x7']),
  pauseWhileWaitingForCustomer: z.boolean(),
});
const policy = policyBody.extend({ id: z.string() });

export function slaRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/sla/policies',
        summary: 'SLA policies in force',
        tag: 'sla',
        access: 'login',
        roles: SLA_ROLES,
        responses: { 200: { description: 'policies', schema: z.array(policy) } },
      },
      () => listPolicies(deps),
    ),
    route(
      {
        method: 'put',
        path: '/sla/policies/:id',
        summary: 'Create or replace an SLA policy (audited)',
        tag: 'sla',
        access: 'login',
        roles: SLA_ROLES,
        params: z.object({ id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/) }),
        body: policyBody,
        responses: {
          200: { description: 'the stored policy', schema: policy },
          422: { description: 'a rule is broken' },
        },
      },
      ({ params, body, principal }) => savePolicy(deps, principal, params.id, body),
    ),
    route(
      {
        method: 'get',
        path: '/sla/calendars',
        summary: 'Business calendars: working hours, holidays and make-up workdays (调休)',
        tag: 'sla',
        access: 'login',
        roles: SLA_ROLES,
        responses: {
          200: {
            description: 'calendars',
            schema: z.array(z.object({ id: z.string(), kind: z.string() }).passthrough()),
          },
        },
      },
      async () => listCalendars(),
    ),
  ];
}
