import { dashboardRollupModel, type DashboardRollup } from '../../../models/dashboard-rollup';
import { staffModel } from '../../../models/staff';
import { surveyModel } from '../../../models/survey';
import { userTaskModel, type UserTask } from '../../../models/user-task';
import type { ApiDeps } from '../api-deps';
import { nowOf } from '../api-deps';
import { afterCursor, encodeCursor } from '../http/cursor';
import { seesAllCities, type Principal } from '../http/principal';
import { durationBinUpperMs, isoWeek } from '../projector/rollups';
import { taskSummary } from '../tasks/tasks.service';
import { withEnglishNames } from '../processes/element-names';

export type GroupBy = 'process' | 'task' | 'city' | 'team' | 'handler';

export interface DashboardQuery {
  from: Date;
  to: Date;
  groupBy: GroupBy;
  bpmnProcessId?: string;
  city?: string;
}

/** Figures of one group (a process, a task, a city, a team or a handler). */
export interface FigureRow {
  group: string;
  label: string | null;
  completed: number;
  withSla: number;
  slaMet: number;
  breached: number;
  slaMetPct: number | null;
  avgDurationMs: number | null;
  p90DurationMs: number | null;
}

const COMPLAINTS = 'complaint-handling';

/** City managers see their city; province staff any city, or one they name. */
export function cityScope(principal: Principal, city?: string): Record<string, unknown> {
  if (!seesAllCities(principal)) return { city: principal.city };
  return city ? { city } : {};
}

/** The smallest duration bin holding the p-th percentile of the merged bins, as its upper bound. */
function binPercentile(bins: Map<number, number>, count: number, p: number): number | null {
  if (count === 0) return null;
  const rank = Math.ceil((p / 100) * count);
  let seen = 0;
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    seen += bins.get(bin)!;
    if (seen >= rank) return durationBinUpperMs(bin);
  }
  return null;
}

function figures(group: string, label: string | null, rollups: DashboardRollup[]): FigureRow {
  const sum = (f: (r: DashboardRollup) => number) => rollups.reduce((n, r) => n + (f(r) ?? 0), 0);
  const bins = new Map<number, number>();
  for (const r of rollups)
    for (const [bin, n] of Object.entries((r.durationBins ?? {}) as Record<string, number>))
      bins.set(Number(bin.slice(1)), (bins.get(Number(bin.slice(1))) ?? 0) + n);
  const timed = [...bins.values()].reduce((a, b) => a + b, 0);
  const withSla = sum((r) => r.withSla);
  const slaMet = sum((r) => r.slaMet);
  return {
    group,
    label,
    completed: sum((r) => r.completed),
    withSla,
    slaMet,
    breached: sum((r) => r.breached),
    slaMetPct: withSla ? Math.round((1000 * slaMet) / withSla) / 10 : null,
    avgDurationMs: timed ? Math.round(sum((r) => r.durationSumMs) / timed) : null,
    p90DurationMs: binPercentile(bins, timed, 90),
  };
}

/**
 * Open, at-risk and breached open tasks now (the SLA monitor's state, else the projected deadlines): one read
 * of the open tasks in scope (FerretDB serves `state` from an index), never of the closed history.
 */
async function openFigures(deps: ApiDeps, scope: Record<string, unknown>, bpmnProcessId?: string) {
  const now = nowOf(deps);
  const open = await userTaskModel(deps.mongo)
    .find(
      { state: 'open', ...scope, ...(bpmnProcessId ? { bpmnProcessId } : {}) },
      { slaState: 1, warnAt: 1, dueAt: 1 },
    )
    .lean<{ slaState?: string | null; warnAt?: Date | null; dueAt?: Date | null }[]>();
  let atRisk = 0;
  let breached = 0;
  for (const t of open) {
    if (t.slaState === 'breached' || (!t.slaState && t.dueAt && t.dueAt <= now)) breached++;
    else if (
      t.slaState === 'at-risk' ||
      (!t.slaState && t.warnAt && t.warnAt <= now && t.dueAt && t.dueAt > now)
    )
      atRisk++;
  }
  return { open: open.length, atRisk, breached };
}

/**
 * The SLA dashboard: live open/at-risk/breached counts, and from the projector's weekly roll-ups SLA met %,
 * average and p90 durations and breaches per process, task, city, team or handler; complaint first-time
 * resolution and callback satisfaction; throughput per week. The closed history itself is never read.
 */
export async function slaDashboard(deps: ApiDeps, principal: Principal, query: DashboardQuery) {
  const scope = cityScope(principal, query.city);
  const rollups = dashboardRollupModel(deps.mongo);
  const window = {
    week: { $gte: isoWeek(query.from), $lt: query.to },
    ...scope,
    ...(query.bpmnProcessId ? { bpmnProcessId: query.bpmnProcessId } : {}),
  };
  // the roll-ups of one kind carry every figure of a grouping: read only those (and the few process ones)
  const closedKind =
    query.groupBy === 'process'
      ? 'process'
      : query.groupBy === 'task' || query.groupBy === 'city'
        ? 'task'
        : 'handler';
  const read = (kind: string) =>
    rollups.find({ kind, ...window }, { pending: 0, updatedAt: 0 }).lean<DashboardRollup[]>();
  const [processRollups, groupRollups, open] = await Promise.all([
    read('process'),
    closedKind === 'process' ? undefined : read(closedKind),
    openFigures(deps, scope, query.bpmnProcessId),
  ]);
  const closedRollups = groupRollups ?? processRollups;

  const groups = new Map<string, { label: string | null; rows: DashboardRollup[] }>();
  const add = (key: string, label: string | null, row: DashboardRollup) => {
    const entry = groups.get(key) ?? { label, rows: [] };
    entry.rows.push(row);
    groups.set(key, entry);
  };
  if (query.groupBy === 'process') for (const r of closedRollups) add(r.bpmnProcessId, null, r);
  if (query.groupBy === 'task')
    for (const r of closedRollups) add(`${r.bpmnProcessId}/${r.elementId}`, r.name ?? null, r);
  if (query.groupBy === 'city') for (const r of closedRollups) add(r.city ?? '-', null, r);
  if (query.groupBy === 'handler') for (const r of closedRollups) add(r.handler ?? '-', null, r);
  if (query.groupBy === 'team') {
    const handlers = [...new Set(closedRollups.map((r) => r.handler).filter((h): h is string => !!h))];
    const teams = new Map(
      (
        await staffModel(deps.mongo)
          .find({ username: { $in: handlers } }, { username: 1, teams: 1 })
          .lean()
      ).map((s) => [s.username, s.teams ?? []]),
    );
    for (const r of closedRollups) {
      const of = r.handler ? (teams.get(r.handler) ?? []) : [];
      for (const team of of.length ? of : ['-']) add(team, null, r);
    }
  }
  const rows = [...groups]
    .map(([key, g]) => figures(key, g.label, g.rows))
    .sort((a, b) => a.group.localeCompare(b.group));

  const complaintRollups = processRollups.filter((r) => r.bpmnProcessId === COMPLAINTS);
  const complaintsCompleted = complaintRollups.reduce((n, r) => n + r.completed, 0);
  const firstTime = complaintRollups.reduce((n, r) => n + (r.firstTimeResolved ?? 0), 0);
  const answered = await surveyModel(deps.mongo)
    .find(
      { bpmnProcessId: COMPLAINTS, answeredAt: { $gte: query.from, $lt: query.to }, ...scope },
      { 'answer.satisfaction': 1 },
    )
    .lean();
  const scores = answered
    .map((s) => s.answer?.satisfaction)
    .filter((s): s is number => typeof s === 'number');

  const weeks = new Map<string, number>();
  for (const r of processRollups) {
    const week = r.week.toISOString().slice(0, 10);
    weeks.set(week, (weeks.get(week) ?? 0) + r.completed);
  }
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    groupBy: query.groupBy,
    city: (scope.city as string | undefined) ?? null,
    open,
    totals: figures('all', null, closedRollups),
    rows,
    complaints: {
      completed: complaintsCompleted,
      firstTimeResolved: firstTime,
      firstTimeResolutionPct: complaintsCompleted
        ? Math.round((1000 * firstTime) / complaintsCompleted) / 10
        : null,
      callbacksAnswered: scores.length,
      avgSatisfaction: scores.length
        ? Math.round((100 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 100
        : null,
    },
    throughput: [...weeks]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([week, completed]) => ({ week, completed })),
  };
}

const CSV_COLUMNS: (keyof FigureRow)[] = [
  'group',
  'label',
  'completed',
  'withSla',
  'slaMet',
  'breached',
  'slaMetPct',
  'avgDurationMs',
  'p90DurationMs',
];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // a leading = + - @ would run as a formula in a spreadsheet
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The figure rows as CSV (RFC 4180, formula-safe), for spreadsheets. */
export function figuresCsv(rows: FigureRow[]): string {
  return (
    [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}

export interface DrillDownQuery {
  figure: 'open' | 'at-risk' | 'breached' | 'completed' | 'sla-missed';
  from?: Date;
  to?: Date;
  bpmnProcessId?: string;
  elementId?: string;
  city?: string;
  handler?: string;
  limit: number;
  cursor?: string;
}

/** The tasks (and so the instances) behind a figure, keyset-paged by id. */
export async function drillDown(deps: ApiDeps, principal: Principal, query: DrillDownQuery) {
  const now = nowOf(deps);
  const filter: Record<string, unknown> = {
    ...cityScope(principal, query.city),
    ...(query.bpmnProcessId ? { bpmnProcessId: query.bpmnProcessId } : {}),
    ...(query.elementId ? { elementId: query.elementId } : {}),
    ...(query.handler ? { assignee: query.handler } : {}),
  };
  const closedWindow = { closedAt: { $gte: query.from ?? new Date(0), $lt: query.to ?? now } };
  const conditions: Record<string, unknown>[] = [filter, afterCursor('_id', 1, query.cursor)];
  switch (query.figure) {
    case 'open':
      conditions.push({ state: 'open' });
      break;
    case 'at-risk':
      conditions.push(
        { state: 'open' },
        { $or: [{ slaState: 'at-risk' }, { slaState: null, warnAt: { $lte: now }, dueAt: { $gt: now } }] },
      );
      break;
    case 'breached':
      conditions.push(
        { state: 'open' },
        { $or: [{ slaState: 'breached' }, { slaState: null, dueAt: { $lte: now } }] },
      );
      break;
    case 'completed':
      conditions.push({ state: 'completed', ...closedWindow });
      break;
    case 'sla-missed':
      conditions.push({ state: 'completed', ...closedWindow, dueAt: { $ne: null } });
      break;
  }
  let rows = await userTaskModel(deps.mongo)
    .find({ $and: conditions.filter((c) => Object.keys(c).length > 0) })
    .sort({ _id: 1 })
    .limit(query.limit + 1)
    .lean<(UserTask & { _id: string })[]>();
  const more = rows.length > query.limit;
  rows = rows.slice(0, query.limit);
  const last = rows[rows.length - 1];
  const items = (
    await withEnglishNames(
      deps.mongo,
      // a missed deadline compares two fields of one row: done here, not in a query FerretDB may not plan
      rows.filter((t) => query.figure !== 'sla-missed' || (t.closedAt && t.dueAt && t.closedAt > t.dueAt)),
    )
  ).map((t) => taskSummary(t, now));
  return { items, next: more && last ? encodeCursor(last._id, last._id) : null };
}
