import { startInboxDriver } from '../support/complaint-path';
import { until } from '../support/percentiles';
import {
  ledger,
  reconcile,
  startComplaints,
  waitCompleted,
  type DrillResult,
  type DrillStack,
} from './drill-stack';

/**
 * Restarts Redis (append-only) with complaints in flight: no exported record lost (the broker's end of every
 * instance is among the records and in the projection, every user task with its state), nothing twice.
 */
export async function redisRestart(d: DrillStack, size: { instances: number }): Promise<DrillResult> {
  const driver = startInboxDriver({ api: d.api, db: d.sut.db });
  const starting: string[] = [];
  const arrivals = startComplaints(d.sut, size.instances, 4, starting);
  // restart once a quarter of the instances run (the broker exports their records as they go)
  await until(
    async () => (await d.audit.drain(), d.audit.inFlight(starting) >= Math.ceil(size.instances / 4)),
    60_000,
    200,
  );
  const inFlight = d.audit.inFlight(starting);
  const restarting = Date.now();
  // down for 3 s: the exporter meets a refused connection and must keep its records until Redis is back
  await d.sut.restartRedis({ downMs: 3000 });
  const downSeconds = (Date.now() - restarting) / 1000;
  const keys = await arrivals;
  await waitCompleted(d.sut, keys, 300_000);
  const r = await reconcile(d, keys);
  await driver.stop();
  const l = await ledger(d.sut, keys);
  const ok =
    inFlight > 0 &&
    r.agree &&
    r.allEnded &&
    r.projectedCompleted === keys.length &&
    r.tasksCompletedExported === 3 * keys.length &&
    l.completedTasks === 3 * keys.length &&
    l.openTasks === 0 &&
    l.instancesWithOneSurvey === keys.length &&
    driver.counts.doubleCompleted === 0;
  return {
    name: 'restart Redis under load (append-only)',
    outcome: ok ? 'PASS' : 'FAIL',
    counts:
      `${keys.length} instances, ${inFlight} in flight at the restart, Redis down ${downSeconds.toFixed(1)} s; ${r.text}; ` +
      `tasks completed in the projection ${l.completedTasks}/${3 * keys.length}, open ${l.openTasks}; surveys ${l.surveys} (one each: ${l.instancesWithOneSurvey}); ` +
      `tasks completed twice through the API ${driver.counts.doubleCompleted}`,
  };
}
