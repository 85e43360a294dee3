import { h } from '../core/dom';
import { localName, t, tx } from '../i18n/i18n';
import type { CustomerSummary } from './customer-api';

/**
 * The customer's name with the key-customer tag and the basic facts, as both the card beside a task and
 * the customer view show them; `moreFacts` are further `dt`/`dd` pairs for the list.
 */
export function customerBasics(
  c: CustomerSummary,
  heading: 'h1' | 'h3',
  moreFacts: HTMLElement[] = [],
): HTMLElement[] {
  return [
    h(
      heading,
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
      moreFacts,
    ),
  ];
}
