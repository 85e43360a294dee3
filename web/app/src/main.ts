/**
 * The SPA's entry: the shell (login, header, routing). Every screen is imported on demand from the route
 * table, so this chunk stays small and the inbox paints before any diagram library is fetched.
 */
import './styles.css';
import { renderLogin } from './auth/login-screen';
import { h, mount } from './core/dom';
import { whenLoggedOut } from './core/http';
import { hasRole, loadSession, saveSession } from './core/session';
import { t } from './i18n/i18n';
import { renderHeader } from './shell/header';
import { homeOf, matchRoute } from './shell/routes';

const root = document.getElementById('app')!;
let cleanup: (() => void) | void = undefined;
let renderId = 0;

function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void render();
}

async function render(): Promise<void> {
  const id = ++renderId;
  cleanup?.();
  cleanup = undefined;
  const path = location.pathname;
  const match = matchRoute(path);
  const session = loadSession();

  if (match?.route.public) {
    const main = h('main', { class: 'public' });
    mount(root, main);
    const mod = await match.route.load();
    if (id === renderId)
      cleanup = await mod.screen(main, {
        user: session?.user ?? { username: '', roles: [], city: null },
        params: match.params,
        navigate,
      });
    return;
  }
  if (!session || path === '/login') {
    if (session && path === '/login') return navigate(homeOf(session.user.roles), true);
    renderLogin(root, () =>
      navigate(
        path === '/login' || path === '/' ? homeOf(loadSession()!.user.roles) : path + location.search,
        true,
      ),
    );
    return;
  }
  if (path === '/' || !match) {
    if (path === '/') return navigate(homeOf(session.user.roles), true);
  }
  const main = h('main', { class: 'screen', id: 'main' });
  const header = renderHeader(session.user, path, {
    navigate,
    logout: () => {
      saveSession(null);
      navigate('/login');
    },
    relang: () => void render(),
  });
  mount(root, header, main);
  if (!match) {
    mount(main, h('p', { class: 'empty' }, t('app.notFound')));
    return;
  }
  if (match.route.roles && !hasRole(session.user, ...match.route.roles)) {
    mount(main, h('p', { class: 'empty' }, t('app.forbidden')));
    return;
  }
  mount(main, h('p', { class: 'loading' }, t('app.loading')));
  try {
    const mod = await match.route.load();
    if (id !== renderId) return;
    main.replaceChildren();
    const done = await mod.screen(main, { user: session.user, params: match.params, navigate });
    if (id === renderId) cleanup = done;
    else done?.();
  } catch (err) {
    if (id === renderId)
      mount(main, h('p', { class: 'error', role: 'alert' }, `${t('app.error')}: ${(err as Error).message}`));
  }
}

whenLoggedOut(() => navigate('/login'));
window.addEventListener('popstate', () => void render());
// links inside screens: same-origin <a data-link> navigate without a reload
document.addEventListener('click', (e) => {
  const a = (e.target as Element).closest?.('a[data-link]') as HTMLAnchorElement | null;
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href')!);
});
void render();
