import type { ZeebeRecord } from './zeebe-record';

/** One stream entry as the projector reads it; `record` is null for an entry the exporter already trimmed. */
export interface StreamEntry {
  stream: string;
  id: string;
  record: ZeebeRecord | null;
}

/**
 * Splits a read into the entries that form a prefix of the broker's log and those that must wait. Each
 * partition's exporter adds its records to the streams in log order, so a read holds every record of a
 * partition up to some position, except where COUNT cut a stream off: that stream has records after its last
 * one, and a later record of another stream may depend on them (a task's JOB record on its instance's and
 * variables' records). So a partition's records after its earliest cut wait for the next read, and a task is
 * never projected before them. Positions are per partition: a cut stream that holds no record of a partition
 * in this read may hold any of that partition's next records, so that partition waits entirely.
 */
export function logPrefix(
  entries: StreamEntry[],
  cutStreams: ReadonlySet<string>,
): { now: StreamEntry[]; later: StreamEntry[] } {
  const lastOf = new Map<string, number>(); // `${stream} ${partitionId}` → its last position in the read
  const partitions = new Set<number>();
  for (const e of entries) {
    if (!e.record) continue;
    const key = `${e.stream} ${e.record.partitionId}`;
    partitions.add(e.record.partitionId);
    lastOf.set(key, Math.max(lastOf.get(key) ?? -Infinity, e.record.position));
  }
  const cutOf = new Map(
    [...partitions].map((partition) => [
      partition,
      Math.min(...[...cutStreams].map((stream) => lastOf.get(`${stream} ${partition}`) ?? -Infinity)),
    ]),
  );
  const now: StreamEntry[] = [];
  const later: StreamEntry[] = [];
  for (const entry of entries)
    (!entry.record || entry.record.position <= (cutOf.get(entry.record.partitionId) ?? Infinity)
      ? now
      : later
    ).push(entry);
  return { now, later };
}
