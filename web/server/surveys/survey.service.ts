import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { z } from 'zod';
import { surveyModel, type Survey } from '../../../models/survey';
import { AppError } from '../app-error';

/** What answering a survey needs. */
export interface SurveyDeps {
  zbc: ZBClient;
  mongo: Connection;
  now: () => Date;
}

/** The customer's answer: satisfaction 1–5, solved or not, an optional comment. */
export const surveyAnswerSchema = z.object({
  satisfaction: z.number().int().min(1).max(5),
  resolved: z.boolean(),
  comment: z.string().trim().max(2000).optional(),
});
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

/** What the public page shows: the questions, never the process or the customer. */
export interface PublicSurvey {
  kind: string;
  questions: Survey['questions'];
  expiresAt: string;
  answered: boolean;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

async function findByToken(deps: SurveyDeps, token: string) {
  // an ill-formed token is answered like an unknown one: the page must not help guessing
  const survey = TOKEN.test(token) ? await surveyModel(deps.mongo).findOne({ token }).lean() : null;
  if (!survey) throw new AppError(404, 'survey_not_found', 'no such survey');
  return survey;
}

/** The survey behind a token, for the public page. */
export async function getSurvey(deps: SurveyDeps, token: string): Promise<PublicSurvey> {
  const survey = await findByToken(deps, token);
  return {
    kind: survey.kind,
    questions: survey.questions,
    expiresAt: survey.expiresAt.toISOString(),
    answered: Boolean(survey.answeredAt),
  };
}

/**
 * Takes a customer's answer once: validates it, stores it on the survey (only while unanswered and
 * unexpired, in one conditional update, so two submissions cannot both win), then publishes message
 * `survey-answered` with the survey's correlation key for the process to continue. The message id is the
 * survey's, so a publish repeated after a failure is dropped by the broker.
 */
export async function answerSurvey(
  deps: SurveyDeps,
  token: string,
  input: unknown,
): Promise<{ surveyId: string; answeredAt: string }> {
  const answer = surveyAnswerSchema.parse(input);
  const survey = await findByToken(deps, token);
  const now = deps.now();
  if (survey.answeredAt) throw new AppError(409, 'survey_already_answered', 'this survey has been answered');
  if (survey.expiresAt <= now) throw new AppError(410, 'survey_expired', 'this survey has expired');
  const taken = await surveyModel(deps.mongo).updateOne(
    { _id: survey._id, answeredAt: null, expiresAt: { $gt: now } },
    {
      $set: {
        answeredAt: now,
        answer: {
          satisfaction: answer.satisfaction,
          resolved: answer.resolved,
          comment: answer.comment ?? null,
        },
      },
    },
  );
  if (taken.modifiedCount === 0) {
    throw new AppError(409, 'survey_already_answered', 'this survey has been answered');
  }
  try {
    await deps.zbc.publishMessage({
      name: 'survey-answered',
      correlationKey: survey._id,
      messageId: `survey-answered/${survey._id}`,
      timeToLive: 24 * 60 * 60 * 1000,
      variables: {
        satisfaction: answer.satisfaction,
        resolved: answer.resolved,
        surveyComment: answer.comment ?? '',
      },
    });
  } catch (err) {
    // the answer is kept but the process did not hear it: free the survey so the customer can send again
    await surveyModel(deps.mongo).updateOne({ _id: survey._id }, { $set: { answeredAt: null } });
    throw new AppError(503, 'engine_unavailable', 'the answer could not be delivered; please try again', [], {
      cause: err,
    });
  }
  return { surveyId: survey._id, answeredAt: now.toISOString() };
}
