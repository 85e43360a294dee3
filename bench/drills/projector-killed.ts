import { processInstanceModel } from '../../models/process-instance';
import { userTaskModel } from '../../models/user-task';
import { COMPLAINTS, complaintIntake, startInboxDriver } from '../support/complaint-path';
import { sleep, until } from '../support/percentiles';
import type { DrillResult, DrillStack } from './drill-stack';

/**
 * kill -9 the projector mid-load and restart it: it resumes its unacknowledged entries and catches up. The
 * broker's truth comes from the broker (CreateProcessInstanceWithResult answers when an instance ends); every
 * such instance is COMPLETED in the projection, with its three user tasks completed and none open.
 */
export async function projectorKilled(d: DrillStack, size: { instances: number }): Promise<DrillResult> {
  const driver = startInboxDriver({ api: d.api, db: d.sut.db });
  const engineCompleted: string[] = [];
  let engineFailed = 0;
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
      setTimeout(() => {
        void d.sut.startGcflow(['projector'], 'projector').then((p) => (d.projector = p));
      }, 5000);
    }
  }
  await Promise.all(runs);
  const instances = processInstanceModel(d.sut.db);
  await until(
    async () =>
      (await instances.countDocuments({ _id: { $in: engineCompleted }, state: 'COMPLETED' })) ===
      engineCompleted.length,
    120_000,
    1000,
  );
  await driver.stop();
  const projected = await instances.find({ _id: { $in: engineCompleted } }, { state: 1 }).lean();
  const tasks = await userTaskModel(d.sut.db)
    .find({ processInstanceKey: { $in: engineCompleted } }, { processInstanceKey: 1, state: 1 })
    .lean();
  const completedInProjection = projected.filter((p) => p.state === 'COMPLETED').length;
  const threeDone = engineCompleted.filter(
    (k) => tasks.filter((t) => t.processInstanceKey === k && t.state === 'completed').length === 3,
  ).length;
  const open = tasks.filter((t) => t.state === 'open').length;
  const ok =
    engineFailed === 0 &&
    engineCompleted.length === size.instances &&
    completedInProjection === engineCompleted.length &&
    threeDone === engineCompleted.length &&
    open === 0 &&
    driver.counts.doubleCompleted === 0;
  return {
    name: 'kill -9 the projector',
    outcome: ok ? 'PASS' : 'FAIL',
    counts:
      `broker: ${engineCompleted.length}/${size.instances} completed (${engineFailed} failed); projection: ${completedInProjection} COMPLETED, ` +
      `${threeDone} with their 3 tasks completed, ${open} open tasks; API completions ${driver.counts.completed} (twice: ${driver.counts.doubleCompleted})`,
  };
}
