/** Process instances in the account's scope, newest first, filtered by process and state. */
import { h, mount } from '../core/dom';
import type { Screen } from '../core/screen';
import { formatDateTime, t, tx } from '../i18n/i18n';
import { listInstances } from './instance-api';

export const screen: Screen = async (root) => {
  const q: { bpmnProcessId?: string; state?: string } = {};
  const body = h('tbody', {});
  const load = async () => {
    const rows = await listInstances(q);
    mount(
      body,
      rows.map((r) =>
        h(
          'tr',
          {},
          h(
            'td',
            {},
            h('a', { href: `/instances/${r.processInstanceKey}`, 'data-link': true }, r.processInstanceKey),
          ),
          h('td', {}, tx('process', r.bpmnProcessId)),
          h('td', {}, t(`instance.state.${r.state}`)),
          h('td', {}, r.customerName ?? ''),
          h('td', {}, formatDateTime(r.startedAt)),
        ),
      ),
    );
  };
  const processes = [
    'requirement-mining',
    'solution-design',
    'product-trial',
    'marketing-campaign',
    'complaint-handling',
    'key-customer-care',
    'group-customer-project',
  ];
  mount(
    root,
    h('h1', {}, t('instance.list')),
    h(
      'div',
      { class: 'filters' },
      h(
        'select',
        {
          onchange: (e: Event) => (
            (q.bpmnProcessId = (e.target as HTMLSelectElement).value || undefined),
            void load()
          ),
        },
        h('option', { value: '' }, t('inbox.filter.any')),
        processes.map((p) => h('option', { value: p }, tx('process', p))),
      ),
      h(
        'select',
        {
          onchange: (e: Event) => (
            (q.state = (e.target as HTMLSelectElement).value || undefined),
            void load()
          ),
        },
        h('option', { value: '' }, t('inbox.filter.any')),
        (['ACTIVE', 'COMPLETED', 'TERMINATED'] as const).map((s) =>
          h('option', { value: s }, t(`instance.state.${s}`)),
        ),
      ),
    ),
    h('div', { class: 'table-wrap' }, h('table', {}, body)),
  );
  await load();
};
