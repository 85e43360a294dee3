import type { ZeebeRecord } from './zeebe-record';

/** One stream entry as the projector reads it; `record` is null for an entry the exporter already trimmed. */
export interface StreamEntry {
  stream: string;
  id: string;
  record: ZeebeRecord | null;
}

/**
 * Splits a read into the entries that form a prefix of the broker's log and those that must wait. The
 * exporter adds records to the streams in log order, so a read holds every record up to some position,
 * except where COUNT cut a stream off: that stream has records after its last one, and a later record of
 * another stream may depend on them (a task's JOB record on its instance's and variables' records). So the
 * records after the earliest cut wait for the next read, and a task is never projected before them.
 */
export function logPrefix(
  entries: StreamEntry[],
  cutStreams: ReadonlySet<string>,
): { now: StreamEntry[]; later: StreamEntry[] } {
  const last = new Map<string, number>();
  for (const e of entries)
    if (e.record) last.set(e.stream, Math.max(last.get(e.stream) ?? -Infinity, e.record.position));
  const cut = Math.min(...[...cutStreams].map((stream) => last.get(stream) ?? Infinity));
  const now: StreamEntry[] = [];
  const later: StreamEntry[] = [];
  for (const entry of entries) (!entry.record || entry.record.position <= cut ? now : later).push(entry);
  return { now, later };
}
