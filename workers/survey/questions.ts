import type { SurveyKind } from '../../models/survey';

/** A survey question as stored and shown on the public page. */
export interface SurveyQuestion {
  id: 'satisfaction' | 'resolved' | 'comment';
  kind: 'score-1-5' | 'yes-no' | 'text';
  text: { zh: string; en: string };
  required: boolean;
}

const SATISFACTION: SurveyQuestion = {
  id: 'satisfaction',
  kind: 'score-1-5',
  text: { zh: '您对本次服务的满意度（1–5 分）', en: 'How satisfied are you with our service (1–5)?' },
  required: true,
};
const RESOLVED: SurveyQuestion = {
  id: 'resolved',
  kind: 'yes-no',
  text: { zh: '您的问题是否已解决？', en: 'Is your problem solved?' },
  required: true,
};
const COMMENT: SurveyQuestion = {
  id: 'comment',
  kind: 'text',
  text: { zh: '其他意见', en: 'Anything else?' },
  required: false,
};

/** The questions of each survey kind (per process). */
export const SURVEY_QUESTIONS: Record<SurveyKind, SurveyQuestion[]> = {
  'complaint-callback': [SATISFACTION, RESOLVED, COMMENT],
  'marketing-satisfaction': [SATISFACTION, { ...RESOLVED, required: false }, COMMENT],
};

/** Window for an answer when the process sets no `surveyTimeout`: three days, as the model's timer. */
export const DEFAULT_SURVEY_WINDOW = 'P3D';
