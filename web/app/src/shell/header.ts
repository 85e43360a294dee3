import { h } from '../core/dom';
import { hasRole, type User } from '../core/session';
import { currentLang, setLang, t, tx, type Lang } from '../i18n/i18n';
import { ROUTES } from './routes';

/** The header: brand, the navigation the account's roles may use, the account, its role and city, language. */
export function renderHeader(
  user: User,
  current: string,
  actions: { navigate(path: string): void; logout(): void; relang(): void },
): HTMLElement {
  const link = (path: string, label: string) =>
    h(
      'a',
      {
        href: path,
        class: current.startsWith(path) ? 'active' : '',
        'aria-current': current.startsWith(path) ? 'page' : null,
        onclick: (e: Event) => {
          e.preventDefault();
          actions.navigate(path);
        },
      },
      label,
    );
  const nav = ROUTES.filter((r) => r.nav && (!r.roles || hasRole(user, ...r.roles))).map((r) =>
    link(r.pattern, t(r.nav!)),
  );
  const lang = h(
    'select',
    {
      'aria-label': t('nav.language'),
      class: 'lang',
      'data-testid': 'lang',
      onchange: (e: Event) => {
        setLang((e.target as HTMLSelectElement).value as Lang);
        actions.relang();
      },
    },
    h('option', { value: 'zh-CN', selected: currentLang() === 'zh-CN' }, '中文'),
    h('option', { value: 'en', selected: currentLang() === 'en' }, 'English'),
  );
  return h(
    'header',
    { class: 'app-header' },
    h(
      'a',
      { class: 'brand', href: '/', onclick: (e: Event) => (e.preventDefault(), actions.navigate('/')) },
      'gcflow',
      h('span', {}, t('app.title')),
    ),
    h('nav', { class: 'main-nav' }, nav),
    h(
      'div',
      { class: 'account' },
      h('span', { class: 'user', 'data-testid': 'user' }, user.username),
      h('span', { class: 'role' }, user.roles.map((r) => tx('role', r)).join(' · ')),
      h('span', { class: 'city' }, user.city ? tx('city', user.city) : t('city.province')),
      lang,
      h('button', { class: 'link', type: 'button', onclick: actions.logout }, t('nav.logout')),
    ),
  );
}
