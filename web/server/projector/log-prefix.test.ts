import { logPrefix, type StreamEntry } from './log-prefix';
import type { ZeebeRecord } from './zeebe-record';

const entry = (stream: string, position: number | null, partitionId = 1): StreamEntry => ({
  stream,
  id: `${position ?? 'trimmed'}-${partitionId}`,
  record: position === null ? null : ({ position, partitionId } as ZeebeRecord),
});
const positions = (entries: StreamEntry[]) => entries.map((e) => e.record?.position ?? null);

describe('logPrefix', () => {
  it('given no stream cut off by COUNT, then the whole read is projected now', () => {
    const read = [entry('zeebe:PROCESS_INSTANCE', 1), entry('zeebe:JOB', 5), entry('zeebe:VARIABLE', 3)];
    expect(logPrefix(read, new Set())).toEqual({ now: read, later: [] });
  });

  it('given the instance stream cut off at 4, then the task record at 5 waits for the next read', () => {
    const read = [
      entry('zeebe:PROCESS_INSTANCE', 1),
      entry('zeebe:PROCESS_INSTANCE', 4),
      entry('zeebe:VARIABLE', 2),
      entry('zeebe:JOB', 5),
    ];
    const { now, later } = logPrefix(read, new Set(['zeebe:PROCESS_INSTANCE']));
    expect(positions(now)).toEqual([1, 4, 2]);
    expect(positions(later)).toEqual([5]);
  });

  it('given two streams cut off, then the earlier cut counts, and trimmed entries go now (to be acknowledged)', () => {
    const read = [
      entry('zeebe:PROCESS_INSTANCE', 7),
      entry('zeebe:VARIABLE', 3),
      entry('zeebe:VARIABLE', 6),
      entry('zeebe:JOB', null),
      entry('zeebe:JOB', 4),
    ];
    const { now, later } = logPrefix(read, new Set(['zeebe:PROCESS_INSTANCE', 'zeebe:VARIABLE']));
    expect(positions(now)).toEqual([3, 6, null, 4]);
    expect(positions(later)).toEqual([7]);
  });

  it("given several partitions, then each is cut at its own position, not at another partition's", () => {
    // positions count per partition: partition 2's job at 9 follows its own instance record at 8
    const read = [
      entry('zeebe:PROCESS_INSTANCE', 4, 1),
      entry('zeebe:PROCESS_INSTANCE', 8, 2),
      entry('zeebe:JOB', 5, 1),
      entry('zeebe:JOB', 9, 2),
      entry('zeebe:JOB', 7, 2),
    ];
    const { now, later } = logPrefix(read, new Set(['zeebe:PROCESS_INSTANCE']));
    expect(positions(now)).toEqual([4, 8, 7]);
    expect(positions(later)).toEqual([5, 9]);
  });

  it('given a cut stream with no record of a partition, then that partition waits entirely', () => {
    // the instance stream's next entries may be partition 2's, earlier in its log than its job at 3
    const read = [entry('zeebe:PROCESS_INSTANCE', 4, 1), entry('zeebe:JOB', 3, 2), entry('zeebe:JOB', 2, 1)];
    const { now, later } = logPrefix(read, new Set(['zeebe:PROCESS_INSTANCE']));
    expect(positions(now)).toEqual([4, 2]);
    expect(positions(later)).toEqual([3]);
  });
});
