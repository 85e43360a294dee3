import { h } from '../core/dom';
import { localName, t, tx } from '../i18n/i18n';
import { knowledgeItem, type KnowledgeRef, type TaskView } from './inbox-api';

function item(ref: KnowledgeRef): HTMLElement {
  const body = h('div', { class: 'knowledge-body' });
  const details = h(
    'details',
    { class: 'knowledge-item' },
    h('summary', {}, localName(ref.title), h('small', {}, t('knowledge.views', { n: ref.viewCount }))),
    body,
  );
  details.addEventListener('toggle', async () => {
    if (!details.open || body.childElementCount) return;
    body.append(h('p', {}, ref.summary));
    // opening counts a view (the dynamic map's "most viewed")
    const full = await knowledgeItem(ref.id).catch(() => null);
    if (full && typeof full.body === 'string') body.append(h('p', { class: 'knowledge-text' }, full.body));
  });
  return details;
}

function section(map: 'static' | 'newest' | 'most-viewed', title: string, refs: KnowledgeRef[]): HTMLElement {
  return h(
    'section',
    { 'data-map': map },
    h('h4', {}, title),
    refs.length ? h('div', {}, refs.map(item)) : h('p', { class: 'muted' }, t('knowledge.empty')),
  );
}

/**
 * The knowledge map beside the form: the static map (templates for this industry and sales stage) and the
 * dynamic map (newest and most viewed for this industry) — knowledge finds the people doing the work.
 */
export function knowledgePanel(task: TaskView): HTMLElement {
  const k = task.knowledge;
  return h(
    'aside',
    { class: 'panel knowledge', 'data-testid': 'knowledge-panel', 'aria-label': t('knowledge.title') },
    h(
      'h3',
      {},
      t('knowledge.title'),
      k.industry ? h('span', { class: 'tag' }, tx('industry', k.industry)) : null,
      k.salesStage ? h('span', { class: 'tag' }, k.salesStage) : null,
    ),
    section('static', t('knowledge.static'), k.templates),
    section('newest', t('knowledge.newest'), k.newest),
    section('most-viewed', t('knowledge.mostViewed'), k.mostViewed),
  );
}
