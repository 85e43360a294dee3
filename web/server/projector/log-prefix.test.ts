import { logPrefix, type StreamEntry } from './log-prefix';
import type { ZeebeRecord } from './zeebe-record';

const entry = (stream: string, position: number | null): StreamEntry => ({
  stream,
  id: `${position ?? 'trimmed'}-0`,
  record: position === null ? null : ({ position } as ZeebeRecord),
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
});
