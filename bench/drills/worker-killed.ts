import { startInboxDriver } from '../support/complaint-path';
import { sleep, until } from '../support/percentiles';
import { surveyModel } from '../../models/survey';
import {
  ledger,
  reconcile,
  startComplaints,
  waitCompleted,
  type DrillResult,
  type DrillStack,
} from './drill-stack';

/**
 * kill -9 the workers' process while complaints flow (frozen with SIGSTOP just before, so it holds jobs): the jobs it held come back after their timeout (the
 * broker's TIMED_OUT records) and a new process completes them; every instance ends with exactly one survey,
 * one report and no doubled notice, and the broker, its records and the projection agree.
 */
export async function workerKilledMidJob(d: DrillStack, size: { instances: number }): Promise<DrillResult> {
  const driver = startInboxDriver({ api: d.api, db: d.sut.db });
  const starting = startComplaints(d.sut, size.instances, 4);
  // kill once surveys are being sent: survey, notice and report jobs are in flight
  await until(
    async () => (await surveyModel(d.sut.db).countDocuments({})) >= Math.ceil(size.instances / 4),
    180_000,
    200,
  );
  // frozen first, so it is sure to hold jobs when it dies: its pending long polls take the jobs the load
  // creates meanwhile (the broker counts them activated), and no handler it is running can finish
  process.kill(-d.workers.proc.pid, 'SIGSTOP');
  await d.audit.drain();
  const createdBefore = d.audit.serviceJobsCreated();
  await until(
    async () => (await d.audit.drain(), d.audit.serviceJobsCreated() >= createdBefore + 3),
    30_000,
    200,
  );
  await sleep(1000);
  const createdWhileFrozen = d.audit.serviceJobsCreated() - createdBefore;
  await d.workers.kill9();
  const killedAt = Date.now();
  await sleep(2000);
  d.workers = await d.sut.startGcflow(['workers'], 'workers');
  const keys = await starting;
  await waitCompleted(d.sut, keys, 240_000);
  const afterKill = (Date.now() - killedAt) / 1000;
  const r = await reconcile(d, keys);
  await driver.stop();
  const l = await ledger(d.sut, keys);
  const ok =
    r.jobTimeouts > 0 &&
    r.agree &&
    r.allEnded &&
    r.projectedCompleted === keys.length &&
    l.instancesWithOneSurvey === keys.length &&
    l.instancesWithOneReport === keys.length &&
    l.doubledNotifications === 0 &&
    driver.counts.doubleCompleted === 0 &&
    r.incidentsLeftOpen === 0 &&
    l.openIncidents === 0;
  return {
    name: 'kill -9 a worker process mid-job',
    outcome: ok ? 'PASS' : 'FAIL',
    counts:
      `${keys.length} instances; workers frozen while ${createdWhileFrozen} jobs were created, then killed; all ended ${afterKill.toFixed(0)} s after the kill; ${r.text}; ` +
      `surveys ${l.surveys} (one each: ${l.instancesWithOneSurvey}), reports ${l.reports} (one each: ${l.instancesWithOneReport}), ` +
      `notifications ${l.notifications} (doubled: ${l.doubledNotifications}), tasks completed twice through the API ${driver.counts.doubleCompleted}`,
  };
}
