import { COMPLAINTS, complaintIntake, startInboxDriver } from '../support/complaint-path';
import { sleep } from '../support/percentiles';
import { reconcile, type DrillResult, type DrillStack } from './drill-stack';
import { loadConfig } from '../../config';
import { PROJECTED_STREAMS } from '../../web/server/projector/record-changes';

/** Entries of the exporter's streams the projector's group has not acknowledged yet (read or not). */
async function unprojected(d: DrillStack): Promise<number> {
  let behind = 0;
  for (const stream of PROJECTED_STREAMS) {
    const groups = (await d.sut.redis.xinfo('GROUPS', stream)) as unknown[][];
    for (const info of groups) {
      const f = Object.fromEntries(
        Array.from({ length: info.length / 2 }, (_, i) => [String(info[2 * i]), info[2 * i + 1]]),
      );
      if (f.name !== loadConfig(d.sut.env).PROJECTOR_GROUP) continue;
      behind += Number(f.lag ?? 0) + Number(f.pending ?? 0);
    }
  }
  return behind;
}

/**
 * kill -9 the projector mid-load and restart it 5 s later: it resumes its unacknowledged entries and catches
 * up. The broker's truth comes from the broker (CreateProcessInstanceWithResult answers when an instance
 * ends) and from the drill's own consumer group on the exporter's streams; the projection must equal both,
 * instance by instance and task by task.
 */
export async function projectorKilled(d: DrillStack, size: { instances: number }): Promise<DrillResult> {
  const driver = startInboxDriver({ api: d.api, db: d.sut.db });
  const engineCompleted: string[] = [];
  let engineFailed = 0;
  let behindAtRestart = -1;
  let restarted: Promise<void> | undefined;
  const runs: Promise<void>[] = [];
  for (let i = 0; i < size.instances; i++) {
    runs.push(
      d.sut.zbc
        .createProcessInstanceWithResult({
          bpmnProcessId: COMPLAINTS,
          variables: complaintIntake('ordinary', 'drill'),
          requestTimeout: 300_000,
        })
        .then((r) => void engineCompleted.push(String(r.processInstanceKey)))
        .catch(() => void engineFailed++),
    );
    await sleep(250);
    if (i === Math.floor(size.instances / 2)) {
      await d.projector.kill9();
      // the load goes on without a projector for a while (the inbox shows nothing new meanwhile)
      restarted = sleep(5000).then(async () => {
        behindAtRestart = await unprojected(d);
        d.projector = await d.sut.startGcflow(['projector'], 'projector');
      });
    }
  }
  await restarted;
  await Promise.all(runs);
  const r = await reconcile(d, engineCompleted, 120_000);
  await driver.stop();
  const ok =
    engineFailed === 0 &&
    engineCompleted.length === size.instances &&
    behindAtRestart > 0 &&
    r.agree &&
    r.allEnded &&
    r.projectedCompleted === size.instances &&
    r.tasksCompletedExported === 3 * size.instances &&
    driver.counts.doubleCompleted === 0;
  return {
    name: 'kill -9 the projector',
    outcome: ok ? 'PASS' : 'FAIL',
    counts:
      `broker answered ${engineCompleted.length}/${size.instances} completed (${engineFailed} failed); ` +
      `${behindAtRestart} exported entries waiting for the restarted projector; ${r.text}; ` +
      `API completions ${driver.counts.completed} (twice: ${driver.counts.doubleCompleted})`,
  };
}
