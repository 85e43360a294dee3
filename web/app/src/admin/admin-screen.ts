/**
 * Administration: accounts with their roles and cities, departures (the account is disabled at once and its
 * open tasks reassigned), the audit log and open incidents.
 */
import { h, mount, toast } from '../core/dom';
import type { Screen } from '../core/screen';
import { formatDateTime, localName, t, tx } from '../i18n/i18n';
import { auditLog, listStaff, openIncidents, recordDeparture } from './admin-api';

export const screen: Screen = async (root) => {
  const staff = h('tbody', {});
  const audit = h('tbody', {});
  const incidents = h('ul', {});
  const load = async () => {
    const [rows, entries, open] = await Promise.all([listStaff(), auditLog(), openIncidents()]);
    mount(
      staff,
      rows.map((s) =>
        h(
          'tr',
          {},
          h('td', {}, s.username),
          h('td', {}, localName(s.displayName)),
          h('td', {}, s.roles.map((r) => tx('role', r)).join(', ')),
          h('td', {}, s.city ? tx('city', s.city) : t('city.province')),
          h('td', {}, s.active ? t('admin.active') : t('admin.inactive')),
          h(
            'td',
            {},
            s.active && !s.roles.includes('admin')
              ? h(
                  'button',
                  {
                    type: 'button',
                    onclick: async () => {
                      if (!confirm(t('admin.confirmDeparture', { user: s.username }))) return;
                      await recordDeparture(s.username);
                      toast(t('admin.departed', { user: s.username }));
                      await load();
                    },
                  },
                  t('admin.departure'),
                )
              : null,
          ),
        ),
      ),
    );
    mount(
      audit,
      entries.map((e) =>
        h(
          'tr',
          {},
          h('td', {}, formatDateTime(e.at)),
          h('td', {}, e.actor),
          h('td', {}, e.action),
          h('td', {}, e.subject ?? ''),
        ),
      ),
    );
    mount(
      incidents,
      open.length
        ? open.map((i) =>
            h(
              'li',
              {},
              h('a', { href: `/instances/${i.processInstanceKey}`, 'data-link': true }, i.processInstanceKey),
              ` ${i.errorMessage}`,
            ),
          )
        : h('li', { class: 'muted' }, t('instance.empty')),
    );
  };
  mount(
    root,
    h('h1', {}, t('admin.title')),
    h(
      'section',
      { class: 'panel' },
      h('h3', {}, t('admin.staff')),
      h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'staff' }, staff)),
    ),
    h(
      'div',
      { class: 'charts' },
      h('section', { class: 'panel' }, h('h3', {}, t('admin.incidents')), incidents),
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, t('admin.audit')),
        h('div', { class: 'table-wrap' }, h('table', {}, audit)),
      ),
    ),
  );
  await load();
};
