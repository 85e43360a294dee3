import { AppError } from '../app-error';

/**
 * Opaque cursors for keyset pagination: the sort value and id of the last row a page returned. Never skip:
 * a page costs the same however deep it is, and rows inserted meanwhile do not shift the next page.
 */
export function encodeCursor(sortValue: Date | string | number, id: string): string {
  const value = sortValue instanceof Date ? { d: sortValue.toISOString() } : { v: sortValue };
  return Buffer.from(JSON.stringify({ ...value, id })).toString('base64url');
}

export function decodeCursor(cursor: string): { sortValue: Date | string | number; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      d?: string;
      v?: string | number;
      id?: unknown;
    };
    if (typeof parsed.id !== 'string') throw new Error('no id');
    if (parsed.d !== undefined) {
      const date = new Date(parsed.d);
      if (Number.isNaN(date.getTime())) throw new Error('bad date');
      return { sortValue: date, id: parsed.id };
    }
    if (typeof parsed.v !== 'string' && typeof parsed.v !== 'number') throw new Error('no value');
    return { sortValue: parsed.v, id: parsed.id };
  } catch {
    throw new AppError(400, 'invalid_cursor', 'the cursor is not one this API gave out');
  }
}

/** The filter for rows after the cursor in `field` order (`1` ascending, `-1` descending), ties broken by `_id`. */
export function afterCursor(
  field: string,
  direction: 1 | -1,
  cursor: string | undefined,
): Record<string, unknown> {
  if (!cursor) return {};
  const { sortValue, id } = decodeCursor(cursor);
  const beyond = direction === 1 ? '$gt' : '$lt';
  return { $or: [{ [field]: { [beyond]: sortValue } }, { [field]: sortValue, _id: { [beyond]: id } }] };
}

/** Lists stay plain JSON arrays (API.md); the next page's cursor travels in `X-Next-Cursor`. */
export function pageBody<T>(
  res: { setHeader(name: string, value: string): unknown },
  page: { items: T[]; next: string | null },
): T[] {
  if (page.next) res.setHeader('X-Next-Cursor', page.next);
  return page.items;
}
