import { z } from 'zod';
import { INDUSTRIES } from '../../../models/customer';
import type { ApiDeps } from '../api-deps';
import { pageBody } from '../http/cursor';
import { route, type ApiRoute } from '../http/route';
import { cursorQuery, limitQuery, pageHeaders } from '../http/schemas';
import { customerView, listCustomers } from './customers.service';

const name = z.object({ zh: z.string(), en: z.string() });
const customerSummary = z.object({
  id: z.string(),
  name,
  industry: z.string(),
  city: z.string(),
  accountManager: z.string().nullable(),
  keyCustomer: z.boolean(),
});

export function customerRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/customers',
        summary: 'Customers in your scope (search by name or credit code)',
        tag: 'customers',
        access: 'login',
        query: z.strictObject({
          industry: z.enum(INDUSTRIES).optional(),
          city: z.string().max(20).optional(),
          q: z.string().min(1).max(100).optional(),
          limit: limitQuery,
          cursor: cursorQuery,
        }),
        responses: { 200: { description: `customers; ${pageHeaders}`, schema: z.array(customerSummary) } },
      },
      async ({ query, principal, res }) => pageBody(res, await listCustomers(deps, principal, query)),
    ),
    route(
      {
        method: 'get',
        path: '/customers/:id',
        summary: 'The unified customer view, keyed by the unified social credit code',
        tag: 'customers',
        access: 'login',
        params: z.object({
          id: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'expected a unified social credit code'),
        }),
        responses: {
          200: {
            description: 'the customer',
            schema: customerSummary.extend({
              people: z.array(z.object({ name: z.string(), title: z.string(), careLevel: z.string() })),
              services: z.array(z.string()),
              touches: z.array(z.record(z.string(), z.unknown())),
              openProcesses: z.array(z.record(z.string(), z.unknown())),
              cases: z.array(z.record(z.string(), z.unknown())),
            }),
          },
          404: { description: 'unknown or out of scope' },
        },
      },
      ({ params, principal }) => customerView(deps, principal, params.id),
    ),
  ];
}
