/** The public survey's client: no login, the token is the credential. */
import { api } from '../core/http';

export interface Question {
  id: string;
  kind: 'score-1-5' | 'yes-no' | 'text';
  text: { zh: string; en: string };
  required: boolean;
}

export interface PublicSurvey {
  kind: string;
  questions: Question[];
  expiresAt: string;
  answered: boolean;
}

export interface SurveyAnswer {
  satisfaction: number;
  /** absent when the survey asks it as optional and the customer left it */
  resolved?: boolean;
  comment?: string;
}

export const getSurvey = (token: string) =>
  api<PublicSurvey>('GET', `/api/surveys/${encodeURIComponent(token)}`);
export const answerSurvey = (token: string, answer: SurveyAnswer) =>
  api<{ surveyId: string }>('POST', `/api/surveys/${encodeURIComponent(token)}`, answer);
