/**
 * The inbox and dashboard queries on seeded tasks (100,000 for the report): their plans (`explain`) and their results. The
 * plans are written to `$GCFLOW_QUERY_PLANS` (default the OS temp dir) for the record; FerretDB's explain is
 * not MongoDB's: it reports the SQL it ran on its backend and whether filter, sort and limit were pushed down.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { dashboardRollupModel } from '../../models/dashboard-rollup';
import { userTaskModel } from '../../models/user-task';
import { connectTestDatabase } from '../../test/support/stack';
import { NO_DUE_DATE } from './projector/derived-fields';

/**
 * 100,000 for the report (`GCFLOW_PLAN_TASKS=100000`); 10,000 by default, because FerretDB's SQLite backend
 * scans every row (see the plans) and a 100,000-row scan takes the shared test server ~20 s per query.
 */
const TASKS = Number(process.env.GCFLOW_PLAN_TASKS ?? 10_000);
const USERS = 200;
const CITIES = ['gz', 'sz', 'fs', 'dg', 'zh'];
const GROUPS = [
  'account-manager',
  'industry-manager',
  'product-manager',
  'support-engineer',
  'complaint-handler',
];

jest.setTimeout(600_000);

describe(`query plans on ${TASKS} tasks`, () => {
  let db: Connection;
  const plans: Record<string, unknown> = {};
  const base = Date.UTC(2026, 0, 5);

  beforeAll(async () => {
    db = await connectTestDatabase('plans');
    const tasks = userTaskModel(db);
    await tasks.syncIndexes();
    await dashboardRollupModel(db).syncIndexes();
    const raw = db.collection<{ _id: string }>('usertasks');
    for (let start = 0; start < TASKS; start += 5000) {
      const batch = Array.from({ length: Math.min(5000, TASKS - start) }, (_, j) => {
        const i = start + j;
        const open = i % 10 === 0; // 10 % open, as in a running system with history
        const due = i % 3 === 0 ? null : new Date(base + (i % 1000) * 3_600_000);
        return {
          _id: String(1_000_000_000 + i),
          jobKey: String(1_000_000_000 + i),
          processInstanceKey: String(2_000_000_000 + Math.floor(i / 5)),
          elementInstanceKey: String(3_000_000_000 + i),
          elementId: `Task_${i % 20}`,
          name: `Task ${i % 20}`,
          bpmnProcessId: ['complaint-handling', 'solution-design', 'requirement-mining'][i % 3],
          processDefinitionKey: '1',
          state: open ? 'open' : 'completed',
          candidateGroups: [GROUPS[i % GROUPS.length]],
          assignee: i % 7 === 0 ? null : `user-${i % USERS}`,
          city: CITIES[Math.floor(i / 10) % CITIES.length],
          createdAt: new Date(base + i * 60_000),
          closedAt: open ? null : new Date(base + i * 60_000 + 3_600_000),
          dueAt: due,
          sortDueAt: due ?? NO_DUE_DATE,
          slaState: open && due ? 'on-track' : null,
          customHeaders: {},
          position: i,
        };
      });
      await raw.insertMany(batch as never, { ordered: false });
    }
  });

  afterAll(async () => {
    const file = process.env.GCFLOW_QUERY_PLANS ?? path.join(os.tmpdir(), 'gcflow-query-plans.json');
    writeFileSync(file, JSON.stringify(plans, null, 2));
    process.stdout.write(`query plans written to ${file}\n`);
    await db.dropDatabase();
    await db.close();
  });

  const timed = async <T>(name: string, run: () => Promise<T>, explain: () => Promise<unknown>) => {
    const started = Date.now();
    const result = await run();
    plans[name] = { ms: Date.now() - started, plan: await explain() };
    return result;
  };

  it('given the inbox scopes, then each returns its page in due order', async () => {
    const tasks = db.collection('usertasks');
    const sort = { sortDueAt: 1, _id: 1 } as const;
    const mineFilter = { assignee: 'user-10', state: 'open' };
    const mine = await timed(
      'inbox mine: {assignee, state} sort {sortDueAt, _id} limit 51',
      () => tasks.find(mineFilter).sort(sort).limit(51).toArray(),
      () => tasks.find(mineFilter).sort(sort).limit(51).explain(),
    );
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.assignee === 'user-10' && t.state === 'open')).toBe(true);
    expect(mine.map((t) => (t.sortDueAt as Date).getTime())).toEqual(
      [...mine.map((t) => (t.sortDueAt as Date).getTime())].sort((a, b) => a - b),
    );

    const candidateFilter = {
      candidateGroups: { $in: ['account-manager'] },
      state: 'open',
      assignee: null,
      city: 'gz',
    };
    const candidate = await timed(
      'inbox candidate: {candidateGroups $in, state, assignee null, city} sort {sortDueAt, _id} limit 51',
      () => tasks.find(candidateFilter).sort(sort).limit(51).toArray(),
      () => tasks.find(candidateFilter).sort(sort).limit(51).explain(),
    );
    expect(candidate.every((t) => t.city === 'gz' && t.assignee === null)).toBe(true);

    const allFilter = { state: 'open', city: 'sz' };
    const all = await timed(
      'inbox all (city manager): {state, city} sort {sortDueAt, _id} limit 51',
      () => tasks.find(allFilter).sort(sort).limit(51).toArray(),
      () => tasks.find(allFilter).sort(sort).limit(51).explain(),
    );
    expect(all).toHaveLength(51);
  });

  it('given the dashboard, then open/at-risk/breached counts and a closed-task bucket', async () => {
    const tasks = db.collection('usertasks');
    const now = new Date(base + 500 * 3_600_000);
    const breachedFilter = {
      state: 'open',
      city: 'gz',
      $or: [{ slaState: 'breached' }, { slaState: null, dueAt: { $lte: now } }],
    };
    const breached = await timed(
      'dashboard breached: {state, city, $or slaState/dueAt} count',
      () => tasks.countDocuments(breachedFilter),
      () => tasks.find(breachedFilter).explain(),
    );
    expect(breached).toBeGreaterThanOrEqual(0);
    const openFilter = { state: 'open', city: 'gz' };
    const open = await timed(
      'dashboard open: {state, city} count',
      () => tasks.countDocuments(openFilter),
      () => tasks.find(openFilter).explain(),
    );
    expect(open).toBe(TASKS / 10 / CITIES.length);
    const bucketFilter = {
      bpmnProcessId: 'complaint-handling',
      elementId: 'Task_3',
      closedAt: { $gte: new Date(base), $lt: new Date(base + 7 * 86_400_000) },
    };
    const bucket = await timed(
      'roll-up bucket recompute: {bpmnProcessId, elementId, closedAt range}',
      () => tasks.find(bucketFilter).toArray(),
      () => tasks.find(bucketFilter).explain(),
    );
    expect(bucket.every((t) => t.elementId === 'Task_3')).toBe(true);
    const rollups = db.collection('dashboardrollups');
    const rollupFilter = {
      kind: 'task',
      week: { $gte: new Date(base), $lt: new Date(base + 84 * 86_400_000) },
    };
    await timed(
      'dashboard roll-ups: {kind, week range}',
      () => rollups.find(rollupFilter).toArray(),
      () => rollups.find(rollupFilter).explain(),
    );
  });
});
