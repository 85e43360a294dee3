import { dashboardRollupModel } from '../../models/dashboard-rollup';
import { userTaskModel } from '../../models/user-task';
import { rollupIncrements } from '../../web/server/projector/rollups';
import type { ApiClient } from '../support/api-client';
import { httpLoad, type HttpLoadResult } from '../support/http-load';
import type { Figure } from '../support/report';
import type { StackUnderTest } from '../support/stack-under-test';
import { SEEDED_ELEMENTS, SEEDED_PROCESS, seededTask, settleStatistics } from './inbox-query';

type Row = ReturnType<typeof seededTask>;

/** The roll-ups the projector keeps (projector/rollups.ts), summed from the seeded rows with its own function. */
class RollupBuilder {
  private readonly buckets = new Map<string, Record<string, unknown> & { _id: string }>();
  add(kind: 'task' | 'process', row: Row) {
    const increments = rollupIncrements({
      kind,
      id: row._id,
      bpmnProcessId: row.bpmnProcessId,
      elementId: row.elementId,
      name: row.name,
      city: row.city ?? null,
      assignee: row.assignee,
      completed: true,
      createdAt: row.createdAt,
      closedAt: row.closedAt!,
      dueAt: row.dueAt,
    });
    for (const { id, key, inc } of increments) {
      const bucket = this.buckets.get(id) ?? { _id: id, ...key, durationBins: {}, pending: [] };
      for (const [field, n] of Object.entries(inc)) {
        if (field.startsWith('durationBins.')) {
          const bins = bucket.durationBins as Record<string, number>;
          const bin = field.slice('durationBins.'.length);
          bins[bin] = (bins[bin] ?? 0) + n;
        } else bucket[field] = ((bucket[field] as number | undefined) ?? 0) + n;
      }
      this.buckets.set(id, bucket);
    }
  }
  async write(sut: StackUnderTest) {
    const docs = [...this.buckets.values()].map((b) => ({ updatedAt: new Date(), ...b }));
    const rollups = dashboardRollupModel(sut.db);
    await rollups.deleteMany({ bpmnProcessId: SEEDED_PROCESS });
    for (let i = 0; i < docs.length; i += 1000)
      await rollups.insertMany(docs.slice(i, i + 1000), { lean: true });
    return docs.length;
  }
}

/**
 * Seeds closed tasks `from`..`to` of the last 12 weeks, as the projector leaves them (counted into the
 * roll-ups: `rolledUp`); every fourth row also ends its (seeded) instance.
 */
async function seedHistory(sut: StackUnderTest, builder: RollupBuilder, from: number, to: number) {
  const tasks = userTaskModel(sut.db).collection;
  const now = Date.now();
  // two inserts in flight: PostgreSQL and FerretDB each keep a core busy
  let inFlight: Promise<unknown> = Promise.resolve();
  for (let start = from; start < to; start += 5000) {
    const batch = Array.from({ length: Math.min(5000, to - start) }, (_, j) => ({
      ...seededTask(start + j, 'completed', now),
      rolledUp: true,
    }));
    for (const row of batch) {
      builder.add('task', row);
      if (row.position % 4 === 3) builder.add('process', row);
    }
    const inserting = tasks.insertMany(batch as never[], { ordered: false });
    inserting.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    await inFlight;
    inFlight = inserting;
  }
  await inFlight;
}

async function dashboardLoad(
  api: ApiClient,
  amount: number,
  maxSeconds: number,
  query = '',
): Promise<HttpLoadResult> {
  return httpLoad({
    url: `${api.baseUrl}/api/dashboard/sla${query}`,
    token: await api.token('manager.prov'),
    amount,
    connections: 2,
    maxSeconds,
  });
}

/**
 * `GET /api/dashboard/sla` p95 (province manager, default 12 weeks) with `small` and then `large` closed
 * tasks of history, seeded in bulk with their roll-ups. The large size is scaled down when seeding it would
 * take longer than `seedBudgetSeconds` at the rate measured on the small one; the line says so.
 */
export async function measureDashboard(
  sut: StackUnderTest,
  api: ApiClient,
  size: { small: number; large: number; requests: number; maxSeconds: number; seedBudgetSeconds: number },
  log: (line: string) => void,
): Promise<Figure[]> {
  // the inbox figure's open tasks go first: the dashboard's live counts would read them
  const cleared = Date.now();
  // a task element at a time: FerretDB deletes with one SQL parameter per row, at most 65,535
  for (let element = 0; element < SEEDED_ELEMENTS; element++)
    await userTaskModel(sut.db).deleteMany({ bpmnProcessId: SEEDED_PROCESS, elementId: `Task_${element}` });
  log(`removed the inbox figure's seeded tasks in ${((Date.now() - cleared) / 1000).toFixed(0)} s`);
  const builder = new RollupBuilder();
  const seeding = Date.now();
  await seedHistory(sut, builder, 0, size.small);
  const perSecond = size.small / ((Date.now() - seeding) / 1000);
  await builder.write(sut);
  await settleStatistics();
  const small = await dashboardLoad(api, size.requests, size.maxSeconds);
  const smallByTask = await dashboardLoad(api, size.requests, size.maxSeconds, '?groupBy=task');

  const fits = Math.floor((perSecond * size.seedBudgetSeconds) / 10_000) * 10_000;
  const large = Math.max(size.small * 2, Math.min(size.large, fits));
  const scaledNote =
    large < size.large
      ? `SCALED DOWN to ${large} closed tasks: FerretDB seeded ${perSecond.toFixed(0)} tasks/s, so ${size.large} would take ~${Math.round(size.large / perSecond)} s, over the ${size.seedBudgetSeconds} s budget`
      : `seeded at ${perSecond.toFixed(0)} tasks/s`;
  log(`dashboard history: ${scaledNote}`);
  const more = Date.now();
  await seedHistory(sut, builder, size.small, large);
  const rollups = await builder.write(sut);
  await settleStatistics();
  log(
    `seeded ${large - size.small} more closed tasks in ${((Date.now() - more) / 1000).toFixed(0)} s, ${rollups} roll-ups`,
  );
  const big = await dashboardLoad(api, size.requests, size.maxSeconds);
  const bigByTask = await dashboardLoad(api, size.requests, size.maxSeconds, '?groupBy=task');
  const note = (r: HttpLoadResult) =>
    `${r.requests} requests, ${r.non2xx} non-2xx, ${r.errors} errors/timeouts`;
  return [
    {
      name: `dashboard GET /api/dashboard/sla p95, ${large} vs ${size.small} closed tasks`,
      ours: big.p95,
      reference: small.p95,
      unit: 'ms',
      target: `p95 < 200 ms at ${size.large}, ratio < 2`,
      met: large === size.large && big.p95 < 200 && big.p95 / small.p95 < 2 && big.non2xx + big.errors === 0,
      note: `${scaledNote}; ${rollups} roll-ups; p50 ${big.p50.toFixed(0)} vs ${small.p50.toFixed(0)} ms; large: ${note(big)}; small: ${note(small)}`,
    },
    {
      name: `dashboard GET /api/dashboard/sla?groupBy=task p95, ${large} vs ${size.small} closed tasks`,
      ours: bigByTask.p95,
      reference: smallByTask.p95,
      unit: 'ms',
      target: 'report (reads the weekly task roll-ups of 12 weeks)',
      note: `p50 ${bigByTask.p50.toFixed(0)} vs ${smallByTask.p50.toFixed(0)} ms; large: ${note(bigByTask)}; small: ${note(smallByTask)}`,
    },
  ];
}
