import crypto from 'node:crypto';
import dayjs from 'dayjs';
import duration from 'dayjs/plugin/duration';
import { SURVEY_KINDS, surveyModel, type Survey, type SurveyKind } from '../models/survey';
import { ConfigurationError } from './business-errors';
import { isDuplicateKey } from '../models/duplicate-key';
import { activationKey, settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';
import { notifyCustomer } from './notify/notifier';
import { customerContact } from './people';
import { DEFAULT_SURVEY_WINDOW, SURVEY_QUESTIONS } from './survey/questions';

dayjs.extend(duration);

export interface SendSurveyIn {
  customerId?: string;
  customerName?: string;
  contactPhone?: string;
  contactEmail?: string;
  city?: string;
  /** ISO-8601 duration the customer has to answer; the model's timer uses the same variable. */
  surveyTimeout?: string;
}
export interface SendSurveyHeaders {
  surveyKind: SurveyKind;
}
export interface SendSurveyOut {
  /** Correlation key of the `survey-answered` message. */
  surveyCorrelationKey: string;
  surveyExpiresAt: string;
  /** Channels the invitation went out on; empty when the customer cannot be reached (phone callback follows). */
  surveySentVia: string[];
}

/** The path of the public survey page for a token (the web app serves it; the API is /api/surveys/:token). */
export const surveyPath = (token: string): string => `/survey/${token}`;

/** Where a link goes when no public base URL is passed in: the local web server's default address. */
export const LOCAL_PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

/** The absolute link of the survey page, on the public base URL (a path under it is kept). */
export function surveyUrl(publicBaseUrl: string, token: string): string {
  return new URL(surveyPath(token).slice(1), `${publicBaseUrl.replace(/\/+$/, '')}/`).toString();
}

/** Milliseconds of an ISO-8601 duration such as `P3D` or `PT30S`. */
export function windowMs(iso: string): number {
  const ms = dayjs.duration(iso).asMilliseconds();
  if (!Number.isFinite(ms) || ms <= 0)
    throw new ConfigurationError(`surveyTimeout "${iso}" is not an ISO-8601 duration`);
  return ms;
}

/**
 * `gcflow.survey.send`: creates the callback survey of this activation (questions of its kind, a single-use
 * 256-bit token, an expiry at the end of the answer window) and sends the invitation by SMS and e-mail. A
 * retried job finds the survey by its idempotency key and the outbox drops the second invitation.
 */
export const sendSurveyWorker = defineJobWorker<SendSurveyIn, SendSurveyHeaders, SendSurveyOut>({
  jobType: 'gcflow.survey.send',
  fetchVariable: ['customerId', 'customerName', 'contactPhone', 'contactEmail', 'city', 'surveyTimeout'],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const kind = job.customHeaders.surveyKind;
      if (!(SURVEY_KINDS as readonly string[]).includes(kind)) {
        throw new ConfigurationError(`surveyKind "${String(kind)}" is not one of ${SURVEY_KINDS.join(', ')}`);
      }
      const surveys = surveyModel(deps.mongo);
      const idempotencyKey = activationKey(job, kind);
      let survey = await surveys.findOne({ idempotencyKey }).lean<Survey & { _id: string }>();
      if (!survey) {
        const projection = deps.projection ?? deps.mongo;
        // who handled the case: the holder of the newest completed task, for satisfaction per handler
        const lastTask = await projection
          .collection<{ assignee: string | null }>('usertasks')
          .find({ processInstanceKey: job.processInstanceKey, state: 'completed' })
          .sort({ closedAt: -1 })
          .limit(1)
          .next();
        const now = deps.now();
        try {
          survey = (
            await surveys.create({
              _id: `srv-${crypto.randomBytes(12).toString('base64url')}`,
              idempotencyKey,
              token: crypto.randomBytes(32).toString('base64url'),
              kind,
              processInstanceKey: job.processInstanceKey,
              bpmnProcessId: job.bpmnProcessId,
              customerId: job.variables.customerId ?? null,
              city: job.variables.city ?? null,
              handler: lastTask?.assignee ?? null,
              questions: SURVEY_QUESTIONS[kind],
              expiresAt: new Date(
                now.getTime() + windowMs(job.variables.surveyTimeout ?? DEFAULT_SURVEY_WINDOW),
              ),
              createdAt: now,
            })
          ).toObject() as Survey & { _id: string };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          // a duplicate activation of this job got there first
          survey = (await surveys.findOne({ idempotencyKey }).lean<Survey & { _id: string }>())!;
        }
      }
      const contact = await customerContact(deps.mongo, job.variables);
      const sentVia = await notifyCustomer(deps, contact, {
        idempotencyKey: `survey/${survey._id}`,
        template: 'survey-invitation',
        variables: {
          surveyUrl: surveyUrl(deps.publicBaseUrl ?? LOCAL_PUBLIC_BASE_URL, survey.token),
          expiresAt: survey.expiresAt.toISOString(),
        },
        processInstanceKey: job.processInstanceKey,
      });
      if (sentVia.length === 0)
        deps.log(`survey ${survey._id}: no mobile or e-mail for the customer; nothing sent`);
      await surveys.updateOne({ _id: survey._id }, { $set: { sentVia } });
      return {
        surveyCorrelationKey: survey._id,
        surveyExpiresAt: survey.expiresAt.toISOString(),
        surveySentVia: sentVia,
      };
    }),
});
