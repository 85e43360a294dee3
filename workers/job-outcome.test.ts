import { retryBackOffMs } from './job-outcome';

describe('retry back-off', () => {
  it('given a job failing again and again, then it waits 5, 15, 45 s between attempts, never more than 60 s', () => {
    expect([3, 2, 1].map((retriesLeft) => retryBackOffMs(retriesLeft))).toEqual([5000, 15_000, 45_000]);
    expect(retryBackOffMs(0, 10)).toBe(60_000);
  });

  it('given the three retries of our models, then together they wait longer than a 10 s outage, with room', () => {
    // the back-offs before the second and third attempt (the third failure raises the incident)
    expect(retryBackOffMs(3) + retryBackOffMs(2)).toBeGreaterThanOrEqual(20_000);
  });
});
