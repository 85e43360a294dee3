import { startInboxDriver } from '../support/complaint-path';
import { sleep } from '../support/percentiles';
import { ledger, startComplaints, waitCompleted, type DrillResult, type DrillStack } from './drill-stack';

/**
 * The Mongo-wire server down for 10 s with complaints in flight: the API answers 503 (not a crash, not a
 * hang), workers fail their jobs with retries and recover, no incident is left once it is back.
 */
export async function mongoOutage(d: DrillStack, size: { instances: number }): Promise<DrillResult> {
  const driver = startInboxDriver({ api: d.api, db: d.sut.db });
  const starting = startComplaints(d.sut, size.instances, 4);
  await sleep(Math.min(8000, (size.instances / 4) * 400));
  await d.sut.stopMongo();
  const statuses = new Map<string, number>();
  const downUntil = Date.now() + 10_000;
  while (Date.now() < downUntil) {
    const probe = await d.api
      .request('GET', '/api/tasks?scope=mine', { as: 'handler.gz', headers: {} })
      .catch((err: Error) => ({ status: `no answer (${err.name})`, body: null, ms: 0 }));
    statuses.set(String(probe.status), (statuses.get(String(probe.status)) ?? 0) + 1);
    await sleep(500);
  }
  await d.sut.startMongo();
  const webAlive = !d.web.proc.hasExited() && !d.workers.proc.hasExited() && !d.projector.proc.hasExited();
  const keys = await starting;
  const completed = await waitCompleted(d.sut, keys, 300_000);
  await driver.stop();
  const l = await ledger(d.sut, keys);
  const answers = [...statuses].map(([s, n]) => `${s}×${n}`).join(', ');
  const only503 = [...statuses.keys()].every((s) => s === '503');
  const ok =
    only503 && webAlive && completed === keys.length && l.openIncidents === 0 && l.doubledNotifications === 0;
  return {
    name: 'Mongo-wire server down 10 s',
    outcome: ok ? 'PASS' : 'FAIL',
    counts:
      `API while down: ${answers}; gcflow processes alive: ${webAlive}; ${completed}/${keys.length} instances completed after; ` +
      `open incidents ${l.openIncidents}; surveys ${l.surveys} (one each: ${l.instancesWithOneSurvey}); doubled notifications ${l.doubledNotifications}`,
  };
}
