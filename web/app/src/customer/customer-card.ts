import { h } from '../core/dom';
import { t, tx } from '../i18n/i18n';
import { getCustomer } from './customer-api';
import { customerBasics } from './customer-basics';

/** The customer's unified view in brief, beside a task: basics, key people, open processes. */
export async function customerCard(customerId: string): Promise<HTMLElement> {
  const c = await getCustomer(customerId);
  return h(
    'aside',
    { class: 'panel customer-card', 'data-testid': 'customer-card' },
    customerBasics(c, 'h3'),
    c.people.length
      ? h(
          'ul',
          { class: 'people' },
          c.people.map((p) =>
            h('li', {}, `${p.name}`, h('small', {}, ` ${p.title ?? ''} · ${tx('careLevel', p.careLevel)}`)),
          ),
        )
      : null,
    h('p', {}, `${t('customer.openProcesses')}: ${c.openProcesses.length}`),
    h('a', { href: `/customers/${c.id}`, 'data-link': true }, t('customer.more')),
  );
}
