import { api, ApiError } from '../core/http';
import { h, mount } from '../core/dom';
import { saveSession, type Session } from '../core/session';
import { t } from '../i18n/i18n';

/** The login form; on success the session is stored and `done` is called. */
export function renderLogin(root: HTMLElement, done: () => void): void {
  const error = h('p', { class: 'error', role: 'alert' });
  const username = h('input', { name: 'username', autocomplete: 'username', required: true });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const form = h(
    'form',
    {
      class: 'login card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        error.textContent = '';
        try {
          const session = await api<Session>('POST', '/api/auth/login', {
            username: username.value.trim(),
            password: password.value,
          });
          saveSession({ token: session.token, refreshToken: session.refreshToken, user: session.user });
          done();
        } catch (err) {
          error.textContent =
            err instanceof ApiError && err.status === 429 ? t('login.tooMany') : t('login.failed');
        }
      },
    },
    h('h1', {}, t('login.title')),
    h('label', {}, t('login.username'), username),
    h('label', {}, t('login.password'), password),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
  );
  mount(root, h('main', { class: 'login-page' }, form));
  username.focus();
}
