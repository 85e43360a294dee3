import { satisfactionFigures, type SurveyAnswer } from './satisfaction.service';

const answer = (a: Partial<SurveyAnswer>): SurveyAnswer => ({
  bpmnProcessId: 'complaint-handling',
  city: 'gz',
  handler: 'se.a',
  satisfaction: 5,
  resolved: true,
  ...a,
});

const ANSWERS: SurveyAnswer[] = [
  answer({ satisfaction: 5, resolved: true }),
  answer({ satisfaction: 2, resolved: false, handler: 'se.b' }),
  answer({ satisfaction: 4, resolved: true, handler: 'se.b', city: 'sz' }),
  answer({ bpmnProcessId: 'marketing-campaign', satisfaction: 3, resolved: null, handler: null, city: null }),
];
const TEAMS: Record<string, string[]> = { 'se.a': ['network'], 'se.b': ['network', 'vip'] };

describe('satisfaction figures', () => {
  it('given answers, then totals count answers, average score, share resolved of those who said, low scores and the spread', () => {
    const { totals } = satisfactionFigures(ANSWERS, 'process');
    expect(totals).toEqual({
      group: 'all',
      answered: 4,
      avgSatisfaction: 3.5,
      resolvedPct: 66.7,
      lowScores: 1,
      scores: { '1': 0, '2': 1, '3': 1, '4': 1, '5': 1 },
    });
  });

  it('given groupBy process, city and handler, then one row per value, missing values under -', () => {
    const by = (g: 'process' | 'city' | 'handler') =>
      satisfactionFigures(ANSWERS, g).rows.map((r) => [r.group, r.answered, r.avgSatisfaction]);
    expect(by('process')).toEqual([
      ['complaint-handling', 3, 3.67],
      ['marketing-campaign', 1, 3],
    ]);
    expect(by('city')).toEqual([
      ['-', 1, 3],
      ['gz', 2, 3.5],
      ['sz', 1, 4],
    ]);
    expect(by('handler')).toEqual([
      ['-', 1, 3],
      ['se.a', 1, 5],
      ['se.b', 2, 3],
    ]);
  });

  it('given groupBy team, then a handler in two teams counts in both and one in none under -', () => {
    const { rows, totals } = satisfactionFigures(ANSWERS, 'team', (h) => TEAMS[h] ?? []);
    expect(rows.map((r) => [r.group, r.answered, r.lowScores])).toEqual([
      ['-', 1, 0],
      ['network', 3, 1],
      ['vip', 2, 1],
    ]);
    // the totals count each answer once
    expect(totals.answered).toBe(4);
  });

  it('given no answers, then zero counts and no averages', () => {
    expect(satisfactionFigures([], 'city')).toEqual({
      totals: {
        group: 'all',
        answered: 0,
        avgSatisfaction: null,
        resolvedPct: null,
        lowScores: 0,
        scores: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
      },
      rows: [],
    });
  });
});
