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

/**
 * The customer's answer: satisfaction 1–5 (`score` is API.md's name for it), solved or not, an optional
 * comment. Which answers are required is the survey's own: see `checkRequired`.
 */
export const surveyAnswerSchema = z
  .strictObject({
    satisfaction: z.number().int().min(1).max(5).optional(),
    score: z.number().int().min(1).max(5).optional(),
    resolved: z.boolean().optional(),
    comment: z.string().trim().max(2000).optional(),
  })
  .refine((a) => a.satisfaction === undefined || a.score === undefined || a.satisfaction === a.score, {
    message: 'satisfaction and score name the same answer and must agree',
    path: ['score'],
  })
  .transform(({ score, ...a }) => ({ ...a, satisfaction: a.satisfaction ?? score }));
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

/** Refuses an answer that leaves out a question the survey requires (e.g. `resolved` of a complaint callback). */
export function checkRequired(
  questions: readonly { id: string; required?: boolean | null }[],
  answer: SurveyAnswer,
) {
  const missing = questions
    .filter((q) => q.required && answer[q.id as keyof SurveyAnswer] === undefined)
    .map((q) => ({ path: q.id, message: `${q.id} is required` }));
  if (missing.length > 0) {
    throw new AppError(400, 'invalid_answer', 'required questions are not answered', missing);
  }
}

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
  checkRequired(survey.questions, answer);
  const now = deps.now();
  if (survey.answeredAt) throw new AppError(409, 'survey_already_answered', 'this survey has been answered');
  if (survey.expiresAt <= now) throw new AppError(410, 'survey_expired', 'this survey has expired');
  const taken = await surveyModel(deps.mongo).updateOne(
    { _id: survey._id, answeredAt: null, expiresAt: { $gt: now } },
    {
      $set: {
        answeredAt: now,
        answer: {
          satisfaction: answer.satisfaction ?? null,
          resolved: answer.resolved ?? null,
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
      // an unanswered optional question is null (complaint-handling's `resolved = false` is then false)
      variables: {
        satisfaction: answer.satisfaction ?? null,
        resolved: answer.resolved ?? null,
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
