import { staffModel } from '../../../models/staff';
import { surveyModel } from '../../../models/survey';
import type { ApiDeps } from '../api-deps';
import type { Principal } from '../http/principal';
import { cityScope } from './dashboard.service';

/** How satisfaction figures are grouped (issue 4: per process, team, city and handler). */
export type SatisfactionGroupBy = 'process' | 'team' | 'city' | 'handler';

export interface SatisfactionQuery {
  from: Date;
  to: Date;
  groupBy: SatisfactionGroupBy;
  bpmnProcessId?: string;
  city?: string;
}

/** One answered survey as the figures read it. */
export interface SurveyAnswer {
  bpmnProcessId: string;
  city: string | null;
  handler: string | null;
  satisfaction: number | null;
  resolved: boolean | null;
}

/** Satisfaction of one group: answers, average score 1-5, share resolved, low scores (1-2), the score spread. */
export interface SatisfactionRow {
  group: string;
  answered: number;
  avgSatisfaction: number | null;
  resolvedPct: number | null;
  lowScores: number;
  /** Answers per score, `"1"` … `"5"`. */
  scores: Record<'1' | '2' | '3' | '4' | '5', number>;
}

/** A score of 2 or less reopens a complaint (complaint-handling's Gateway_Satisfied): counted apart. */
const LOW_SCORE = 2;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function row(group: string, answers: readonly SurveyAnswer[]): SatisfactionRow {
  const scored = answers.map((a) => a.satisfaction).filter((s): s is number => typeof s === 'number');
  const judged = answers.filter((a) => typeof a.resolved === 'boolean');
  const scores = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const s of scored) if (String(s) in scores) scores[String(s) as keyof typeof scores]++;
  return {
    group,
    answered: answers.length,
    avgSatisfaction: scored.length ? round(scored.reduce((a, b) => a + b, 0) / scored.length, 2) : null,
    resolvedPct: judged.length
      ? round((100 * judged.filter((a) => a.resolved).length) / judged.length, 1)
      : null,
    lowScores: scored.filter((s) => s <= LOW_SCORE).length,
    scores,
  };
}

/**
 * Satisfaction figures of answered surveys, grouped. A handler in several teams counts in each; an answer with
 * no handler, team or city falls in the group `-`.
 */
export function satisfactionFigures(
  answers: readonly SurveyAnswer[],
  groupBy: SatisfactionGroupBy,
  teamsOf: (handler: string) => readonly string[] = () => [],
): { totals: SatisfactionRow; rows: SatisfactionRow[] } {
  const groups = new Map<string, SurveyAnswer[]>();
  const add = (key: string, answer: SurveyAnswer) => groups.set(key, [...(groups.get(key) ?? []), answer]);
  for (const a of answers) {
    if (groupBy === 'process') add(a.bpmnProcessId, a);
    if (groupBy === 'city') add(a.city ?? '-', a);
    if (groupBy === 'handler') add(a.handler ?? '-', a);
    if (groupBy === 'team') {
      const teams = a.handler ? teamsOf(a.handler) : [];
      for (const team of teams.length ? teams : ['-']) add(team, a);
    }
  }
  return {
    totals: row('all', answers),
    rows: [...groups].map(([key, list]) => row(key, list)).sort((a, b) => a.group.localeCompare(b.group)),
  };
}

/**
 * `GET /api/dashboard/satisfaction`: callback satisfaction (回访满意度) from the surveys answered in the window,
 * per process, team, city or handler; city managers see their city.
 */
export async function satisfactionDashboard(deps: ApiDeps, principal: Principal, query: SatisfactionQuery) {
  const scope = cityScope(principal, query.city);
  const surveys = await surveyModel(deps.mongo)
    .find(
      {
        answeredAt: { $gte: query.from, $lt: query.to },
        ...scope,
        ...(query.bpmnProcessId ? { bpmnProcessId: query.bpmnProcessId } : {}),
      },
      { bpmnProcessId: 1, city: 1, handler: 1, answer: 1 },
    )
    .lean();
  const answers: SurveyAnswer[] = surveys.map((s) => ({
    bpmnProcessId: s.bpmnProcessId,
    city: s.city ?? null,
    handler: s.handler ?? null,
    satisfaction: s.answer?.satisfaction ?? null,
    resolved: s.answer?.resolved ?? null,
  }));
  let teams = new Map<string, string[]>();
  if (query.groupBy === 'team') {
    const handlers = [...new Set(answers.map((a) => a.handler).filter((h): h is string => !!h))];
    const staff = await staffModel(deps.mongo)
      .find({ username: { $in: handlers } }, { username: 1, teams: 1 })
      .lean();
    teams = new Map(staff.map((s) => [s.username, s.teams ?? []]));
  }
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    groupBy: query.groupBy,
    city: (scope.city as string | undefined) ?? null,
    ...satisfactionFigures(answers, query.groupBy, (h) => teams.get(h) ?? []),
  };
}
