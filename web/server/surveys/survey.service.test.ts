import { SURVEY_QUESTIONS } from '../../../workers/survey/questions';
import { AppError } from '../app-error';
import { checkRequired, surveyAnswerSchema } from './survey.service';

describe('survey answers', () => {
  it("given API.md's score, then it is the satisfaction; given both, they must agree", () => {
    expect(surveyAnswerSchema.parse({ score: 4, comment: ' ok ' })).toEqual({
      satisfaction: 4,
      comment: 'ok',
    });
    expect(surveyAnswerSchema.parse({ satisfaction: 2, score: 2, resolved: false })).toEqual({
      satisfaction: 2,
      resolved: false,
    });
    expect(surveyAnswerSchema.safeParse({ satisfaction: 2, score: 3 }).success).toBe(false);
  });

  it('given out-of-range scores, wrong types or unknown fields, then the answer is refused', () => {
    for (const bad of [{ score: 6 }, { satisfaction: 0 }, { resolved: 'no' }, { score: 3, $where: '1' }])
      expect(surveyAnswerSchema.safeParse(bad).success).toBe(false);
  });

  it("given the survey's questions, then a required one left out is named; an optional one may be", () => {
    const answer = surveyAnswerSchema.parse({ score: 3 });
    expect(() => checkRequired(SURVEY_QUESTIONS['marketing-satisfaction'], answer)).not.toThrow();
    let refused: unknown;
    try {
      checkRequired(SURVEY_QUESTIONS['complaint-callback'], answer);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 400, code: 'invalid_answer', details: [{ path: 'resolved' }] });
  });
});
