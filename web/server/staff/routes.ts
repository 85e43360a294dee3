import { z } from 'zod';
import { staffModel } from '../../../models/staff';
import type { ApiDeps } from '../api-deps';
import { route, type ApiRoute } from '../http/route';
import { cityFilter } from '../http/principal';

const staffRow = z.object({
  username: z.string(),
  displayName: z.object({ zh: z.string(), en: z.string() }),
  roles: z.array(z.string()),
  city: z.string().nullable(),
  level: z.string(),
  teams: z.array(z.string()),
  active: z.boolean(),
});

/** Staff (managers and admins; city managers see their city) and virtual teams across cities. */
export function staffRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/staff',
        summary: 'Staff accounts in your scope',
        tag: 'staff',
        access: 'login',
        roles: ['manager', 'admin'],
        query: z.strictObject({
          role: z.string().max(40).optional(),
          active: z.enum(['true', 'false']).optional(),
        }),
        responses: { 200: { description: 'accounts', schema: z.array(staffRow) } },
      },
      async ({ query, principal }) => {
        const rows = await staffModel(deps.mongo)
          .find(
            {
              ...cityFilter(principal),
              ...(query.role ? { roles: query.role } : {}),
              ...(query.active ? { active: query.active === 'true' } : {}),
            },
            { passwordHash: 0 },
          )
          .sort({ username: 1 })
          .lean();
        return rows.map((s) => ({
          username: s.username,
          displayName: s.displayName,
          roles: s.roles,
          city: s.city ?? null,
          level: s.level,
          teams: s.teams ?? [],
          active: s.active,
        }));
      },
    ),
    route(
      {
        method: 'get',
        path: '/teams',
        summary: 'Virtual teams and their active members (across cities)',
        tag: 'staff',
        access: 'login',
        responses: {
          200: {
            description: 'teams',
            schema: z.array(
              z.object({
                team: z.string(),
                members: z.array(z.object({ username: z.string(), city: z.string().nullable() })),
              }),
            ),
          },
        },
      },
      async () => {
        const rows = await staffModel(deps.mongo)
          .find({ active: true, teams: { $ne: [] } }, { username: 1, city: 1, teams: 1 })
          .lean();
        const teams = new Map<string, { username: string; city: string | null }[]>();
        for (const s of rows)
          for (const team of s.teams ?? [])
            teams.set(team, [...(teams.get(team) ?? []), { username: s.username, city: s.city ?? null }]);
        return [...teams]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([team, members]) => ({ team, members }));
      },
    ),
  ];
}
