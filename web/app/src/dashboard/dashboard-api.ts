/** The dashboard's client of the SLA figures, their CSV and the drill-down. */
import { api, query, request } from '../core/http';

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

export interface Dashboard {
  from: string;
  to: string;
  groupBy: string;
  city: string | null;
  open: { open: number; atRisk: number; breached: number };
  totals: FigureRow;
  rows: FigureRow[];
  complaints: {
    completed: number;
    firstTimeResolved: number;
    firstTimeResolutionPct: number | null;
    callbacksAnswered: number;
    avgSatisfaction: number | null;
  };
  throughput: { week: string; completed: number }[];
}

export interface DashboardQuery {
  from?: string;
  to?: string;
  groupBy: string;
  city?: string;
}

export type Figure = 'open' | 'at-risk' | 'breached' | 'completed' | 'sla-missed';

export const slaFigures = (q: DashboardQuery) =>
  api<Dashboard>('GET', `/api/dashboard/sla${query({ ...q })}`);
export const slaCsv = async (q: DashboardQuery) =>
  (await request('GET', `/api/dashboard/sla/export${query({ ...q })}`)).blob();
export const drillDown = (
  figure: Figure,
  q: DashboardQuery & { bpmnProcessId?: string; elementId?: string; handler?: string },
) =>
  api<Record<string, unknown>[]>(
    'GET',
    `/api/dashboard/drill-down${query({ figure, from: q.from, to: q.to, city: q.city, bpmnProcessId: q.bpmnProcessId, elementId: q.elementId, handler: q.handler, limit: 100 })}`,
  );
