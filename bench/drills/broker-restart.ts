import { startInboxDriver } from '../support/complaint-path';
import { sleep } from '../support/percentiles';
import { ledger, startComplaints, waitCompleted, type DrillResult, type DrillStack } from './drill-stack';

/** Stops the broker (SIGTERM) with complaints in flight and starts it on the same data: none lost. */
export async function brokerRestart(d: DrillStack, size: { instances: number }): Promise<DrillResult> {
  const driver = startInboxDriver({ api: d.api, db: d.sut.db });
  const before = await startComplaints(d.sut, Math.ceil(size.instances / 2), 4);
  await sleep(3000);
  const restarting = Date.now();
  await d.sut.restartBroker({ downMs: 5000 });
  const downSeconds = (Date.now() - restarting) / 1000;
  const after = await startComplaints(d.sut, Math.floor(size.instances / 2), 4);
  const keys = [...before, ...after];
  const completed = await waitCompleted(d.sut, keys, 300_000);
  await driver.stop();
  const l = await ledger(d.sut, keys);
  const ok =
    completed === keys.length &&
    l.openTasks === 0 &&
    l.openIncidents === 0 &&
    driver.counts.doubleCompleted === 0;
  return {
    name: 'stop and restart the broker under load',
    outcome: ok ? 'PASS' : 'FAIL',
    counts:
      `${completed}/${keys.length} instances completed (${before.length} started before the stop, broker down ${downSeconds.toFixed(0)} s); ` +
      `tasks completed ${l.completedTasks}, open ${l.openTasks}; surveys ${l.surveys}; open incidents ${l.openIncidents}; tasks completed twice ${driver.counts.doubleCompleted}`,
  };
}
