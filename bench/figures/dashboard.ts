import { dashboardRollupModel } from '../../models/dashboard-rollup';
import { userTaskModel } from '../../models/user-task';
import type { ApiClient } from '../support/api-client';
import { httpLoad, type HttpLoadResult } from '../support/http-load';
import type { Figure } from '../support/report';
import type { StackUnderTest } from '../support/stack-under-test';
import { SEEDED_PROCESS, seededTask } from './inbox-query';

const isoWeek = (at: Date) => {
  const day = (at.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day));
};

type Row = ReturnType<typeof seededTask>;

/** The roll-ups the projector keeps (derived-fields.ts refreshRollups), built from the seeded rows. */
class RollupBuilder {
  private readonly buckets = new Map<
    string,
    { key: Record<string, unknown>; durations: number[]; withSla: number; met: number }
  >();
  add(kind: 'task' | 'process', row: Row) {
    const week = isoWeek(row.closedAt!);
    const elementId = kind === 'task' ? row.elementId : '-';
    const handler = kind === 'task' ? row.assignee : null;
    const id = [
      kind,
      week.toISOString().slice(0, 10),
      row.bpmnProcessId,
      elementId,
      row.city,
      handler ?? '-',
    ].join('|');
    const bucket = this.buckets.get(id) ?? {
      key: {
        kind,
        week,
        bpmnProcessId: row.bpmnProcessId,
        elementId,
        city: row.city,
        handler,
        name: kind === 'task' ? row.name : null,
      },
      durations: [],
      withSla: 0,
      met: 0,
    };
    bucket.durations.push(row.durationMs!);
    if (row.dueAt) {
      bucket.withSla++;
      if (row.closedAt!.getTime() <= row.dueAt.getTime()) bucket.met++;
    }
    this.buckets.set(id, bucket);
  }
  async write(sut: StackUnderTest) {
    const docs = [...this.buckets].map(([_id, b]) => ({
      _id,
      ...b.key,
      completed: b.durations.length,
      canceled: 0,
      withSla: b.withSla,
      slaMet: b.met,
      breached: b.withSla - b.met,
      durationsMs: b.durations.sort((x, y) => x - y),
      firstTimeResolved: 0,
      updatedAt: new Date(),
    }));
    const rollups = dashboardRollupModel(sut.db);
    await rollups.deleteMany({ bpmnProcessId: SEEDED_PROCESS });
    for (let i = 0; i < docs.length; i += 1000)
      await rollups.insertMany(docs.slice(i, i + 1000), { lean: true });
    return docs.length;
  }
}

/** Seeds closed tasks `from`..`to` of the last 12 weeks; every fourth row also ends its (seeded) instance. */
async function seedHistory(sut: StackUnderTest, builder: RollupBuilder, from: number, to: number) {
  const tasks = userTaskModel(sut.db);
  const now = Date.now();
  for (let start = from; start < to; start += 5000) {
    const batch = Array.from({ length: Math.min(5000, to - start) }, (_, j) =>
      seededTask(start + j, 'completed', now),
    );
    for (const row of batch) {
      builder.add('task', row);
      if (row.position % 4 === 3) builder.add('process', row);
    }
    await tasks.insertMany(batch, { ordered: false, lean: true });
  }
}

async function dashboardLoad(api: ApiClient, amount: number, maxSeconds: number): Promise<HttpLoadResult> {
  return httpLoad({
    url: `${api.baseUrl}/api/dashboard/sla`,
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
  await userTaskModel(sut.db).deleteMany({ bpmnProcessId: SEEDED_PROCESS });
  log(`removed the inbox figure's seeded tasks in ${((Date.now() - cleared) / 1000).toFixed(0)} s`);
  const builder = new RollupBuilder();
  const seeding = Date.now();
  await seedHistory(sut, builder, 0, size.small);
  const perSecond = size.small / ((Date.now() - seeding) / 1000);
  await builder.write(sut);
  const small = await dashboardLoad(api, size.requests, size.maxSeconds);

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
  log(
    `seeded ${large - size.small} more closed tasks in ${((Date.now() - more) / 1000).toFixed(0)} s, ${rollups} roll-ups`,
  );
  const big = await dashboardLoad(api, size.requests, size.maxSeconds);
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
      note: `${scaledNote}; p50 ${big.p50.toFixed(0)} vs ${small.p50.toFixed(0)} ms; large: ${note(big)}; small: ${note(small)}`,
    },
  ];
}
