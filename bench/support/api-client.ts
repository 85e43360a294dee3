/** A logged-in staff member's view of the API, as the inbox app uses it; tokens cached per username. */
export interface ApiClient {
  baseUrl: string;
  token(username: string): Promise<string>;
  request(
    method: string,
    path: string,
    options?: { as?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: unknown; ms: number }>;
}

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo1234';

export function createApiClient(baseUrl: string): ApiClient {
  const tokens = new Map<string, Promise<string>>();
  const login = async (username: string): Promise<string> => {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  };
  const token = (username: string) => {
    if (!tokens.has(username)) {
      const pending = login(username);
      pending.catch(() => tokens.delete(username));
      tokens.set(username, pending);
    }
    return tokens.get(username)!;
  };
  return {
    baseUrl,
    token,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.as) headers.authorization = `Bearer ${await token(options.as)}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const started = performance.now();
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(120_000),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body, ms };
    },
  };
}
