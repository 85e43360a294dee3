import { startInboxDriver } from '../support/complaint-path';
import { sleep, until } from '../support/percentiles';
import {
  ledger,
  reconcile,
  startComplaints,
  waitCompleted,
  type DrillResult,
  type DrillStack,
} from './drill-stack';

/**
 * Stops the broker (SIGTERM) with complaints in flight and starts it on the same data: every instance goes
 * on from where it was (three user tasks each, not more: none started again) and ends; none lost.
 */
export async function brokerRestart(d: DrillStack, size: { instances: number }): Promise<DrillResult> {
  const driver = startInboxDriver({ api: d.api, db: d.sut.db });
  const before = await startComplaints(d.sut, Math.ceil(size.instances / 2), 4);
  // stop once at least half of the first instances run, as the broker's records show
  await until(
    async () => (await d.audit.drain(), d.audit.inFlight(before) >= Math.ceil(before.length / 2)),
    60_000,
    200,
  );
  await sleep(1000);
  await d.audit.drain();
  const inFlight = d.audit.inFlight(before);
  const restarting = Date.now();
  await d.sut.restartBroker({ downMs: 5000 });
  const downSeconds = (Date.now() - restarting) / 1000;
  const after = await startComplaints(d.sut, Math.floor(size.instances / 2), 4);
  const keys = [...before, ...after];
  await waitCompleted(d.sut, keys, 300_000);
  const r = await reconcile(d, keys);
  await driver.stop();
  const l = await ledger(d.sut, keys);
  const ok =
    inFlight > 0 &&
    r.agree &&
    r.allEnded &&
    r.projectedCompleted === keys.length &&
    r.tasksExported === 3 * keys.length &&
    r.tasksCompletedExported === 3 * keys.length &&
    r.incidentsLeftOpen === 0 &&
    l.openTasks === 0 &&
    l.instancesWithOneSurvey === keys.length &&
    driver.counts.doubleCompleted === 0;
  return {
    name: 'stop and restart the broker under load',
    outcome: ok ? 'PASS' : 'FAIL',
    counts:
      `${keys.length} instances, ${inFlight} of them in flight at the stop, broker down ${downSeconds.toFixed(0)} s (stop + 5 s + start); ` +
      `${r.text}; records exported twice ${d.audit.duplicates()}; surveys ${l.surveys} (one each: ${l.instancesWithOneSurvey}); ` +
      `tasks completed twice through the API ${driver.counts.doubleCompleted}`,
  };
}
