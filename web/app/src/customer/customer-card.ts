import { h } from '../core/dom';
import { localName, t, tx } from '../i18n/i18n';
import { getCustomer } from './customer-api';

/** The customer's unified view in brief, beside a task: basics, key people, open processes. */
export async function customerCard(customerId: string): Promise<HTMLElement> {
  const c = await getCustomer(customerId);
  return h(
    'aside',
    { class: 'panel customer-card', 'data-testid': 'customer-card' },
    h(
      'h3',
      {},
      localName(c.name),
      c.keyCustomer ? h('span', { class: 'tag tag-key' }, t('customer.key')) : null,
    ),
    h(
      'dl',
      {},
      h('dt', {}, t('customer.code')),
      h('dd', {}, c.id),
      h('dt', {}, t('customer.industry')),
      h('dd', {}, tx('industry', c.industry)),
      h('dt', {}, t('customer.city')),
      h('dd', {}, tx('city', c.city)),
      h('dt', {}, t('customer.accountManager')),
      h('dd', {}, c.accountManager ?? '—'),
    ),
    c.people.length
      ? h(
          'ul',
          { class: 'people' },
          c.people.map((p) => h('li', {}, `${p.name}`, h('small', {}, ` ${p.title ?? ''} · ${p.careLevel}`))),
        )
      : null,
    h('p', {}, `${t('customer.openProcesses')}: ${c.openProcesses.length}`),
    h('a', { href: `/customers/${c.id}`, 'data-link': true }, t('customer.more')),
  );
}
