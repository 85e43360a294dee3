/** Mongo's duplicate-key error: an idempotency guard (a unique `_id`, a position filter) doing its work. */
const DUPLICATE_KEY = 11000;

/** Whether a Mongo error is a duplicate-key error. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === DUPLICATE_KEY;
}

/** The per-statement errors of an unordered bulk write (none for another kind of error). */
export function bulkWriteErrors(err: unknown): { code: number; index: number }[] {
  return (err as { writeErrors?: { code: number; index: number }[] }).writeErrors ?? [];
}

/** Whether a bulk write failed only on duplicate keys: every other statement was written. */
export function onlyDuplicateKeys(err: unknown): boolean {
  const errors = (err as { writeErrors?: { code: number }[] }).writeErrors;
  return errors !== undefined && errors.every((e) => e.code === DUPLICATE_KEY);
}
