/**
 * The one HTTP client of the app: JSON in and out, the access token in the header, one refresh with the
 * refresh token when the access token expired, and the API's error shape turned into `ApiError`.
 */
import { loadSession, saveSession, type Session } from './session';

export interface ApiErrorDetail {
  path?: string;
  field?: string;
  message: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
  }
}

let onLoggedOut: () => void = () => undefined;

/** Called when the session cannot be renewed (the shell shows the login). */
export function whenLoggedOut(handler: () => void): void {
  onLoggedOut = handler;
}

let refreshing: Promise<boolean> | null = null;

async function refresh(session: Session): Promise<boolean> {
  refreshing ??= (async () => {
    const res = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    if (!res.ok) return false;
    const body = (await res.json()) as Session;
    saveSession({ token: body.token, refreshToken: body.refreshToken, user: body.user });
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function toError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as {
      error?: { code: string; message: string; details?: ApiErrorDetail[] };
    };
    if (body.error) return new ApiError(res.status, body.error.code, body.error.message, body.error.details);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(res.status, 'http_error', `${res.status} ${res.statusText}`);
}

/**
 * A request to the API; returns the raw response (for CSV and files) after auth and error handling. A `Blob`
 * body (a file) is sent as it is with its own type; anything else as JSON.
 */
export async function request(
  method: string,
  path: string,
  body?: unknown,
  retried = false,
): Promise<Response> {
  const session = loadSession();
  const file = body instanceof Blob ? body : null;
  const res = await fetch(path, {
    method,
    headers: {
      ...(session ? { authorization: `Bearer ${session.token}` } : {}),
      ...(body === undefined
        ? {}
        : { 'content-type': file ? file.type || 'application/octet-stream' : 'application/json' }),
    },
    body: body === undefined ? undefined : (file ?? JSON.stringify(body)),
  });
  if (res.status === 401 && session && !retried) {
    if (await refresh(session)) return request(method, path, body, true);
    saveSession(null);
    onLoggedOut();
  }
  if (!res.ok) throw await toError(res);
  return res;
}

/** A JSON request; `undefined` for 204. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(method, path, body);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Query string from the defined values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Server-sent events of the API (`inbox`, `dashboard`); EventSource cannot send headers, so the token goes
 * in the query as the API allows. Reconnects with the current token after a refresh.
 */
export function subscribe(topics: string[], onEvent: (topic: string, data: unknown) => void): () => void {
  let source: EventSource | null = null;
  let closed = false;
  const open = () => {
    const session = loadSession();
    if (!session || closed) return;
    source = new EventSource(
      `/api/events${query({ topics: topics.join(','), access_token: session.token })}`,
    );
    for (const topic of topics)
      source.addEventListener(topic, (e) => onEvent(topic, JSON.parse((e as MessageEvent<string>).data)));
    source.onerror = () => {
      source?.close();
      // the token may have expired: renew it through an ordinary request, then reconnect
      if (!closed)
        setTimeout(() => {
          void api('GET', '/api/auth/me')
            .catch(() => undefined)
            .then(open);
        }, 2000);
    };
  };
  open();
  return () => {
    closed = true;
    source?.close();
  };
}
