import { batchTiming } from './batch-timing';

describe('the phase times of one projector batch', () => {
  it('given phases marked in order and one timed beside them, then each with its time and Mongo commands', async () => {
    let now = 0;
    let commands = 0;
    const timing = batchTiming(
      () => commands,
      () => now,
    );
    now = 5;
    timing.mark('read');
    let finish: (value: string) => void = () => undefined;
    const derived = timing.time('derive', new Promise<string>((resolve) => (finish = resolve)));
    now = 35;
    commands = 4;
    finish('fields');
    expect(await derived).toBe('fields');
    timing.mark('derive+write');
    now = 40;
    commands = 5;
    timing.mark('xack');
    expect(timing.summary()).toBe('read 5 ms/0, (derive 30 ms), derive+write 30 ms/4, xack 5 ms/1');
    expect(timing.totalMs()).toBe(40);
  });
});
