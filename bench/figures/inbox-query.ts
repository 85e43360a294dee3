import { userTaskModel } from '../../models/user-task';
import { NO_DUE_DATE } from '../../web/server/projector/derived-fields';
import type { ApiClient } from '../support/api-client';
import { httpLoad, type HttpLoadResult } from '../support/http-load';
import type { Figure } from '../support/report';
import type { StackUnderTest } from '../support/stack-under-test';

/** Seeded tasks carry this process id, so the bench can tell them from the engine's and remove them. */
export const SEEDED_PROCESS = 'bench-seeded-history';
const CITIES = ['gz', 'sz', 'fs', 'dg', 'zh'];
const GROUPS = [
  'account-manager',
  'industry-manager',
  'product-manager',
  'support-engineer',
  'complaint-handler',
];
/**
 * The measured user: a full inbox page (50 open tasks) in both stores, however many tasks the store holds;
 * an industry manager, whom the complaints of the other figures never give a task.
 */
const INBOX_USER = 'im.edu';
const INBOX_USER_TASKS = 50;
/** A user holding 1 % of the store (10 open tasks at 1,000, 1,000 at 100,000): reported beside it. */
const HEAVY_USER = 'pm.iot';

/** Who holds seeded task `i`: the measured user's 50 among the first 1,000, the heavy user 1 %, 200 others. */
function seededAssignee(i: number): string {
  if (i % 100 === 0) return HEAVY_USER;
  if (i < 20 * INBOX_USER_TASKS && i % 20 === 1) return INBOX_USER;
  return `user-${i % 200}`;
}

/** Seeded tasks are spread over this many task elements (`Task_0` … `Task_11`). */
export const SEEDED_ELEMENTS = 12;

/**
 * After a bulk seed, a pause for PostgreSQL's autovacuum (naptime 5 s, scripts/stack/postgres-server.ts) to
 * analyze the new rows: a store that has been running has current statistics, and with stale ones the
 * planner may pick the `state` index (every open task) over the `assignee` one.
 */
export const settleStatistics = () => new Promise((resolve) => setTimeout(resolve, 20_000));

/** A seeded user task as the projector writes one (open or closed), already decided by the assigner. */
export function seededTask(i: number, state: 'open' | 'completed', now: number) {
  const created = new Date(now - 84 * 86_400_000 + ((i * 7919) % (84 * 86_400)) * 1000);
  const due = i % 3 === 0 ? null : new Date(created.getTime() + 48 * 3_600_000);
  const closed = state === 'completed' ? new Date(created.getTime() + ((i % 97) + 1) * 600_000) : null;
  return {
    _id: `seed-${state}-${i}`,
    jobKey: `seed-${state}-${i}`,
    processInstanceKey: `seed-${Math.floor(i / 4)}`,
    elementInstanceKey: `seed-el-${i}`,
    elementId: `Task_${i % SEEDED_ELEMENTS}`,
    name: `Task ${i % SEEDED_ELEMENTS}`,
    bpmnProcessId: SEEDED_PROCESS,
    processDefinitionKey: '1',
    state,
    candidateGroups: [GROUPS[i % GROUPS.length]],
    assignee: seededAssignee(i),
    city: CITIES[i % CITIES.length],
    customHeaders: {},
    createdAt: created,
    closedAt: closed,
    durationMs: closed ? closed.getTime() - created.getTime() : null,
    assignmentDecidedAt: created,
    dueAt: due,
    sortDueAt: due ?? NO_DUE_DATE,
    slaState: state === 'open' && due ? 'on-track' : null,
    position: i,
  };
}

/** Inserts tasks `from`..`to` in bulk through the model (lean: as the projector's upserts leave them). */
export async function seedTasks(sut: StackUnderTest, state: 'open' | 'completed', from: number, to: number) {
  const tasks = userTaskModel(sut.db);
  const now = Date.now();
  for (let start = from; start < to; start += 5000) {
    const batch = Array.from({ length: Math.min(5000, to - start) }, (_, j) =>
      seededTask(start + j, state, now),
    );
    await tasks.insertMany(batch, { ordered: false, lean: true });
  }
}

async function inboxLoad(
  api: ApiClient,
  amount: number,
  maxSeconds: number,
  user = INBOX_USER,
): Promise<HttpLoadResult> {
  return httpLoad({
    url: `${api.baseUrl}/api/tasks?scope=mine&state=open`,
    token: await api.token(user),
    amount,
    connections: 4,
    maxSeconds,
  });
}

/** `GET /api/tasks` for one user, p50/p95, with `small` and then `large` open tasks in the store. */
export async function measureInboxQuery(
  sut: StackUnderTest,
  api: ApiClient,
  size: { small: number; large: number; requests: number; maxSeconds: number },
  log: (line: string) => void,
): Promise<Figure[]> {
  await seedTasks(sut, 'open', 0, size.small);
  await settleStatistics();
  const small = await inboxLoad(api, size.requests, size.maxSeconds);
  const smallHeavy = await inboxLoad(api, size.requests, size.maxSeconds, HEAVY_USER);
  const seeding = Date.now();
  await seedTasks(sut, 'open', size.small, size.large);
  log(`seeded ${size.large - size.small} more open tasks in ${((Date.now() - seeding) / 1000).toFixed(0)} s`);
  await settleStatistics();
  const large = await inboxLoad(api, size.requests, size.maxSeconds);
  const largeHeavy = await inboxLoad(api, size.requests, size.maxSeconds, HEAVY_USER);
  const note = (r: HttpLoadResult) =>
    `${r.requests} requests, ${r.non2xx} non-2xx, ${r.errors} errors/timeouts`;
  const ratio = large.p95 / small.p95;
  const who = `${INBOX_USER} holding ${INBOX_USER_TASKS} open tasks`;
  return [
    {
      name: `inbox GET /api/tasks p50 (${who}), ${size.large} vs ${size.small} open tasks in the store`,
      ours: large.p50,
      reference: small.p50,
      unit: 'ms',
      target: 'report',
      note: `large: ${note(large)}; small: ${note(small)}`,
    },
    {
      name: `inbox GET /api/tasks p95 (${who}), ${size.large} vs ${size.small} open tasks in the store`,
      ours: large.p95,
      reference: small.p95,
      unit: 'ms',
      target: `p95 < 50 ms at ${size.large}, ratio < 2`,
      met: large.p95 < 50 && ratio < 2 && large.non2xx + large.errors === 0,
    },
    {
      name: `inbox GET /api/tasks p95 (${HEAVY_USER} holding 1 % of the store: ${size.large / 100} vs ${size.small / 100} open tasks)`,
      ours: largeHeavy.p95,
      reference: smallHeavy.p95,
      unit: 'ms',
      target: 'report (FerretDB fetches, sorts and pages all of the user’s open tasks itself)',
      note: `p50 ${largeHeavy.p50.toFixed(0)} vs ${smallHeavy.p50.toFixed(0)} ms; large: ${note(largeHeavy)}; small: ${note(smallHeavy)}`,
    },
  ];
}
