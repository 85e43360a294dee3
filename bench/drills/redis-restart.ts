import { startInboxDriver } from '../support/complaint-path';
import { sleep } from '../support/percentiles';
import { ledger, startComplaints, waitCompleted, type DrillResult, type DrillStack } from './drill-stack';

/** Restarts Redis (append-only) with complaints in flight: no exported record lost, the projection complete. */
export async function redisRestart(d: DrillStack, size: { instances: number }): Promise<DrillResult> {
  const driver = startInboxDriver({ api: d.api, db: d.sut.db });
  const starting = startComplaints(d.sut, size.instances, 4);
  await sleep(Math.min(10_000, (size.instances / 4) * 500));
  await d.sut.restartRedis();
  const keys = await starting;
  const completed = await waitCompleted(d.sut, keys, 300_000);
  await driver.stop();
  const l = await ledger(d.sut, keys);
  const ok =
    completed === keys.length &&
    l.completedTasks === 3 * keys.length &&
    l.openTasks === 0 &&
    l.instancesWithOneSurvey === keys.length &&
    driver.counts.doubleCompleted === 0;
  return {
    name: 'restart Redis under load (append-only)',
    outcome: ok ? 'PASS' : 'FAIL',
    counts:
      `${completed}/${keys.length} instances COMPLETED in the projection; tasks completed ${l.completedTasks}/${3 * keys.length}, open ${l.openTasks}; ` +
      `surveys ${l.surveys}; tasks completed twice ${driver.counts.doubleCompleted}`,
  };
}
