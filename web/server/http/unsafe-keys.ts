import type { RequestHandler } from 'express';
import { AppError } from '../app-error';

/** A key Mongo could read as an operator or a path: `$…`, `a.b`, or the bracket form `a[$gt]` of query strings. */
export function isUnsafeKey(key: string): boolean {
  return key.startsWith('$') || key.includes('.') || key.includes('[') || key.includes('$');
}

/** Paths of unsafe keys anywhere in a JSON value. */
export function unsafeKeyPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => unsafeKeyPaths(item, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => [
      ...(isUnsafeKey(key) ? [`${path}${path ? '/' : ''}${key}`] : []),
      ...unsafeKeyPaths(child, `${path}${path ? '/' : ''}${key}`),
    ]);
  }
  return [];
}

/**
 * Refuses user input holding keys that start with `$` or contain `.`, in the body and the query, before any
 * handler sees it: operator injection (`{"$gt": ""}`) and dotted paths never reach a query or a variable.
 */
export const rejectUnsafeKeys: RequestHandler = (req, _res, next) => {
  const paths = [...unsafeKeyPaths(req.body), ...unsafeKeyPaths(req.query)];
  if (paths.length > 0) {
    next(
      new AppError(
        400,
        'unsafe_keys',
        'keys starting with "$" or containing "." are not accepted',
        paths.map((path) => ({ path })),
      ),
    );
    return;
  }
  next();
};
