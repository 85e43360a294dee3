import { startInboxDriver } from '../support/complaint-path';
import { percentile, sleep } from '../support/percentiles';
import {
  ledger,
  reconcile,
  startComplaints,
  waitCompleted,
  type DrillResult,
  type DrillStack,
} from './drill-stack';

const OUTAGE_MS = 10_000;
/**
 * An answer slower than this while Mongo is down counts as a hang: the first request that meets the outage
 * waits for server selection (5 s, models/connection-options.ts; the driver's default is 30 s), later ones
 * are refused at once while the connection is known to be down.
 */
const PROMPT_MS = 6000;

/**
 * The Mongo-wire server down for 10 s with complaints in flight: the API answers 503 at once (not a crash,
 * not a hang), workers fail their jobs with retries and recover, no incident is left once it is back, and
 * the broker, its records and the projection agree on every instance.
 */
export async function mongoOutage(d: DrillStack, size: { instances: number }): Promise<DrillResult> {
  const driver = startInboxDriver({ api: d.api, db: d.sut.db });
  await d.api.token('handler.gz'); // logged in before: a login needs the store too
  const starting = startComplaints(d.sut, size.instances, 4);
  await sleep(Math.min(8000, (size.instances / 4) * 400));
  await d.sut.stopMongo();
  const statuses = new Map<string, number>();
  const times: number[] = [];
  let storeAnswered = 0;
  const downUntil = Date.now() + OUTAGE_MS;
  while (Date.now() < downUntil) {
    const probe = await d.api
      .request('GET', '/api/tasks?scope=mine', { as: 'handler.gz' })
      .catch((err: Error) => ({ status: `no answer (${err.name})`, body: null, ms: 0 }));
    statuses.set(String(probe.status), (statuses.get(String(probe.status)) ?? 0) + 1);
    times.push(probe.ms);
    // the fault is real: the drill's own client gets no answer from the store either
    const ping = d.sut.db.db!.admin().ping({ timeoutMS: 1000 });
    if (
      await Promise.race([
        ping.then(
          () => true,
          () => false,
        ),
        sleep(1500).then(() => false),
      ])
    )
      storeAnswered++;
    await sleep(300);
  }
  await d.sut.startMongo();
  const alive = !d.web.proc.hasExited() && !d.workers.proc.hasExited() && !d.projector.proc.hasExited();
  const keys = await starting;
  await waitCompleted(d.sut, keys, 300_000);
  const r = await reconcile(d, keys);
  await driver.stop();
  const l = await ledger(d.sut, keys);
  const slowest = Math.max(0, ...times);
  const answers = [...statuses].map(([s, n]) => `${s}×${n}`).join(', ');
  const only503 = statuses.size > 0 && [...statuses.keys()].every((s) => s === '503');
  const ok =
    storeAnswered === 0 &&
    only503 &&
    slowest < PROMPT_MS &&
    alive &&
    r.agree &&
    r.allEnded &&
    r.incidentsLeftOpen === 0 &&
    l.openIncidents === 0 &&
    l.instancesWithOneSurvey === keys.length &&
    l.doubledNotifications === 0 &&
    l.auditedCompletions === l.completedTasks &&
    driver.counts.doubleCompleted === 0;
  return {
    name: 'Mongo-wire server down 10 s',
    outcome: ok ? 'PASS' : 'FAIL',
    counts:
      `API while down: ${answers}, median ${Math.round(percentile(times, 50))} ms, slowest ${Math.round(slowest)} ms; store answered the drill ${storeAnswered}×; gcflow processes alive: ${alive}; ` +
      `${r.text}; incidents open in the projection ${l.openIncidents}; surveys ${l.surveys} (one each: ${l.instancesWithOneSurvey}); ` +
      `doubled notifications ${l.doubledNotifications}; audit lines for completed tasks ${l.auditedCompletions}/${l.completedTasks}; tasks completed twice through the API ${driver.counts.doubleCompleted}`,
  };
}
