import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** Kinds of callback survey (the `surveyKind` header). */
export const SURVEY_KINDS = ['complaint-callback', 'marketing-satisfaction'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

const questionSchema = new Schema(
  {
    id: { type: String, required: true },
    kind: { type: String, enum: ['score-1-5', 'yes-no', 'text'], required: true },
    text: { zh: { type: String, required: true }, en: { type: String, required: true } },
    required: { type: Boolean, default: true },
  },
  { _id: false },
);

/**
 * A callback survey 回访: questions, a single-use unguessable token with an expiry, and the answer once
 * given. `_id` is the correlation key of the `survey-answered` message. `idempotencyKey` (process instance,
 * element instance, kind) makes a retried send job find the survey it already created.
 */
export const surveySchema = new Schema(
  {
    _id: { type: String, required: true },
    idempotencyKey: { type: String, required: true, unique: true },
    token: { type: String, required: true, unique: true },
    kind: { type: String, enum: SURVEY_KINDS, required: true },
    processInstanceKey: { type: String, required: true },
    bpmnProcessId: { type: String, required: true },
    customerId: { type: String, default: null },
    city: { type: String, default: null },
    /** Who handled the case, for satisfaction per handler. */
    handler: { type: String, default: null },
    questions: { type: [questionSchema], required: true },
    expiresAt: { type: Date, required: true },
    sentVia: { type: [String], default: [] },
    answeredAt: { type: Date, default: null },
    answer: {
      satisfaction: { type: Number, default: null },
      resolved: { type: Boolean, default: null },
      comment: { type: String, default: null },
    },
    createdAt: { type: Date, required: true },
  },
  { collection: 'surveys', versionKey: false },
);
surveySchema.index({ bpmnProcessId: 1, answeredAt: 1 });

export type Survey = InferSchemaType<typeof surveySchema>;

export const surveyModel = modelFactory((conn: Connection) => conn.model('Survey', surveySchema));
