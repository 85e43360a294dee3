/**
 * The public survey page 回访: opened from the link in the customer's message, no login, large touch
 * targets and plain native controls (radio groups with legends) so it works on a phone and with a screen
 * reader. Thanks page after sending; a clear message when the link is used, expired or unknown.
 */
import { ApiError } from '../core/http';
import { h, mount } from '../core/dom';
import type { Screen } from '../core/screen';
import { currentLang, localName, setLang, t, type Lang } from '../i18n/i18n';
import { answerSurvey, getSurvey, type PublicSurvey, type Question } from './survey-api';

function message(root: HTMLElement, title: string, body = '', testId = 'survey-message'): void {
  mount(
    root,
    h(
      'div',
      { class: 'survey card', 'data-testid': testId },
      h('h1', {}, title),
      body ? h('p', {}, body) : null,
    ),
  );
}

function question(q: Question, index: number): HTMLElement {
  const label = localName(q.text);
  if (q.kind === 'text')
    return h(
      'label',
      { class: 'q' },
      h('span', { class: 'q-text' }, `${index + 1}. ${label}`),
      h('textarea', { name: q.id, rows: 4, maxlength: 2000 }),
    );
  const options: [string, string][] =
    q.kind === 'yes-no'
      ? [
          ['true', t('survey.yes')],
          ['false', t('survey.no')],
        ]
      : [5, 4, 3, 2, 1].map((n): [string, string] => [String(n), t('survey.score', { n })]);
  return h(
    'fieldset',
    { class: `q q-${q.kind}`, 'data-question': q.id },
    h(
      'legend',
      {},
      `${index + 1}. ${label}`,
      q.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null,
    ),
    h(
      'div',
      { class: 'choices' },
      options.map(([value, text]) =>
        h(
          'label',
          { class: 'choice' },
          h('input', { type: 'radio', name: q.id, value, required: q.required }),
          h('span', {}, text),
        ),
      ),
    ),
  );
}

function renderForm(root: HTMLElement, token: string, survey: PublicSurvey, rerender: () => void): void {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'survey card',
      'data-testid': 'survey-form',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        const value = (kind: Question['kind']) => {
          const q = survey.questions.find((x) => x.kind === kind);
          return q ? data.get(q.id) : null;
        };
        // what must be answered is the survey's own say (a marketing survey leaves "resolved" optional)
        if (survey.questions.some((q) => q.required && !data.get(q.id))) {
          error.textContent = t('survey.required');
          return;
        }
        const resolved = value('yes-no');
        try {
          await answerSurvey(token, {
            satisfaction: Number(value('score-1-5')),
            ...(resolved ? { resolved: resolved === 'true' } : {}),
            ...(value('text') ? { comment: String(value('text')) } : {}),
          });
          message(root, t('survey.thanks'), t('survey.thanksBody'), 'survey-thanks');
        } catch (err) {
          if (err instanceof ApiError && err.status === 409) message(root, t('survey.used'));
          else if (err instanceof ApiError && err.status === 410) message(root, t('survey.expired'));
          else error.textContent = (err as Error).message;
        }
      },
    },
    h(
      'div',
      { class: 'survey-head' },
      h('h1', {}, t('survey.title')),
      h(
        'select',
        {
          'aria-label': t('nav.language'),
          onchange: (e: Event) => {
            setLang((e.target as HTMLSelectElement).value as Lang);
            rerender();
          },
        },
        h('option', { value: 'zh-CN', selected: currentLang() === 'zh-CN' }, '中文'),
        h('option', { value: 'en', selected: currentLang() === 'en' }, 'English'),
      ),
    ),
    h('p', {}, t('survey.intro')),
    survey.questions.map(question),
    error,
    h('button', { type: 'submit', class: 'primary big' }, t('survey.submit')),
  );
  mount(root, form);
}

export const screen: Screen = async (root, ctx) => {
  const token = ctx.params.token!;
  let survey: PublicSurvey;
  try {
    survey = await getSurvey(token);
  } catch (err) {
    message(root, err instanceof ApiError && err.status === 404 ? t('survey.notFound') : t('app.error'));
    return;
  }
  if (survey.answered) return message(root, t('survey.used'));
  if (new Date(survey.expiresAt).getTime() <= Date.now()) return message(root, t('survey.expired'));
  const render = () => renderForm(root, token, survey, render);
  render();
};
