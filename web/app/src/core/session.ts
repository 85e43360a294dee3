/** The logged-in account and its tokens, kept in localStorage so a reload stays logged in. */
export interface User {
  username: string;
  roles: string[];
  city: string | null;
}

export interface Session {
  token: string;
  refreshToken: string;
  user: User;
}

const KEY = 'gcflow.session';

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

export function hasRole(user: User | undefined | null, ...roles: string[]): boolean {
  return Boolean(user && user.roles.some((r) => roles.includes(r)));
}
