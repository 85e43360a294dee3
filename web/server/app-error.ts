import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';

/** The one error type of the API: a code, an HTTP status, a message for people, details for programs. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** Mongo errors that mean the store cannot be reached now (not a bad request, not a bug): 503, try again. */
const STORE_UNREACHABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
]);

export function isStoreUnavailable(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  if (!e?.name) return false;
  // mongoose queues operations while disconnected and gives up after bufferTimeoutMS
  return (
    STORE_UNREACHABLE.has(e.name) ||
    (e.name === 'MongooseError' && /buffering timed out/.test(e.message ?? ''))
  );
}

/** A socket to a service behind the API broke (the driver sometimes passes Node's own error through). */
const BROKEN_CONNECTION = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED']);

export function isConnectionBroken(err: unknown): boolean {
  return BROKEN_CONNECTION.has(String((err as { code?: unknown } | null)?.code));
}

/** The engine's gateway cannot be reached (gRPC 14 UNAVAILABLE, after zeebe-node's own retries). */
export function isEngineUnavailable(err: unknown): boolean {
  return /^14 UNAVAILABLE/.test((err as Error | null)?.message ?? '');
}

export const storeUnavailable = () =>
  new AppError(503, 'store_unavailable', 'the data store cannot be reached now; please try again shortly');

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `no such endpoint: ${req.method} ${req.path}`));
};

/** Turns every error into `{ error: { code, message, details } }` with a fitting status; never a stack trace. */
export function errorMiddleware(log: (line: string) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (isStoreUnavailable(err)) err = storeUnavailable();
    if (isConnectionBroken(err))
      err = new AppError(
        503,
        'unavailable',
        'a service the API needs cannot be reached now; please try again shortly',
      );
    if (isEngineUnavailable(err))
      err = new AppError(
        503,
        'engine_unavailable',
        'the process engine cannot be reached now; please try again shortly',
      );
    if (err instanceof AppError) {
      if (err.status === 503) res.set('Retry-After', '5');
      res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
      return;
    }
    if (err instanceof ZodError) {
      res.status(400).json({
        error: {
          code: 'invalid_input',
          message: 'the request does not have the expected shape',
          details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      });
      return;
    }
    // body-parser: malformed JSON, too large a body
    const status = (err as { status?: number; type?: string }).status;
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') {
      res.status(400).json({
        error: { code: 'malformed_json', message: 'the request body is not valid JSON', details: [] },
      });
      return;
    }
    if (type === 'entity.too.large') {
      res
        .status(413)
        .json({ error: { code: 'body_too_large', message: 'the request body is too large', details: [] } });
      return;
    }
    if (status && status >= 400 && status < 500) {
      res
        .status(status)
        .json({ error: { code: 'bad_request', message: String((err as Error).message), details: [] } });
      return;
    }
    log(`unexpected error: ${(err as Error).stack ?? String(err)}`);
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'an unexpected error occurred', details: [] } });
  };
}
