import { processInstanceModel } from '../../models/process-instance';
import { PROJECTED_STREAMS } from '../../web/server/projector/record-changes';
import type { ZeebeRecord } from '../../web/server/projector/zeebe-record';
import type { ApiClient } from '../support/api-client';
import { COMPLAINTS, complaintIntake, startInboxDriver } from '../support/complaint-path';
import { percentile, sleep, until } from '../support/percentiles';
import type { Figure } from '../support/report';
import type { StackUnderTest } from '../support/stack-under-test';

/** Per-record lags (ms) of the projector's batches, from the broker timestamp to the acknowledged write. */
export class LagRecorder {
  private lags: number[] | undefined;
  onBatch = (records: ZeebeRecord[]) => {
    if (!this.lags) return;
    const now = Date.now();
    for (const r of records) this.lags.push(now - r.timestamp);
  };
  start() {
    this.lags = [];
  }
  stop(): number[] {
    const lags = this.lags ?? [];
    this.lags = undefined;
    return lags;
  }
}

/** Starts complaints at a steady rate for a while, the staff and customers finishing them through the API. */
async function steadyLoad(
  sut: StackUnderTest,
  api: ApiClient,
  perSecond: number,
  seconds: number,
): Promise<{ started: number; completed: number }> {
  const driver = startInboxDriver({ api, db: sut.db });
  const keys: string[] = [];
  const began = Date.now();
  for (let i = 0; Date.now() - began < seconds * 1000; i++) {
    const due = began + (i * 1000) / perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    const { processInstanceKey } = await sut.zbc.createProcessInstance({
      bpmnProcessId: COMPLAINTS,
      variables: complaintIntake(),
    });
    keys.push(String(processInstanceKey));
  }
  const instances = processInstanceModel(sut.db);
  const done = () => instances.countDocuments({ _id: { $in: keys }, state: 'COMPLETED' });
  await until(async () => (await done()) === keys.length, 120_000, 1000);
  const completed = await done();
  await driver.stop();
  return { started: keys.length, completed };
}

/**
 * Waits (bounded) until the projector's group has read and acknowledged everything exported so far: each
 * phase starts without the previous one's backlog. Says how long it waited, or that it gave up.
 */
async function projectionCaughtUp(sut: StackUnderTest, group: string, maxMs: number): Promise<string> {
  const began = Date.now();
  const caughtUp = await until(
    async () => {
      for (const stream of PROJECTED_STREAMS) {
        const groups = (await sut.redis.xinfo('GROUPS', stream).catch(() => [])) as unknown[][];
        const info = groups.find((g) => g[1] === group);
        if (!info) continue;
        // XINFO's `lag` is nil once the exporter has trimmed the stream: compare the ids instead
        const streamInfo = (await sut.redis.xinfo('STREAM', stream)) as unknown[];
        const lastId = streamInfo[streamInfo.indexOf('last-generated-id') + 1];
        const delivered = info[info.indexOf('last-delivered-id') + 1];
        if (delivered !== lastId || Number(info[info.indexOf('pending') + 1]) !== 0) return false;
      }
      return true;
    },
    maxMs,
    1000,
  );
  const seconds = ((Date.now() - began) / 1000).toFixed(0);
  return caughtUp ? `caught up after ${seconds} s` : `still behind after ${seconds} s`;
}

/**
 * Projection lag p50/p99 at a steady 50 % of the measured maximum, beside the same lag at a trickle (one
 * complaint every 2 s): the floor the exporter's batch cycle and the projector's read set.
 */
export async function measureProjectionLag(
  sut: StackUnderTest,
  api: ApiClient,
  recorder: LagRecorder,
  maxPerSecond: number,
  seconds: number,
  group: string,
): Promise<Figure[]> {
  // the engine figure leaves a backlog behind: each phase starts from a projection that is up to date
  const beforeTrickle = await projectionCaughtUp(sut, group, 300_000);
  recorder.start();
  const trickle = await steadyLoad(sut, api, 0.5, Math.min(20, seconds));
  const idle = recorder.stop();
  const rate = Math.max(0.5, maxPerSecond / 2);
  const beforeLoad = await projectionCaughtUp(sut, group, 300_000);
  recorder.start();
  const loaded = await steadyLoad(sut, api, rate, seconds);
  const busy = recorder.stop();
  const note = `${busy.length} records at ${rate.toFixed(2)} complaints/s for ${seconds} s (${loaded.completed}/${loaded.started} completed); reference ${idle.length} records at 0.5/s (${trickle.completed}/${trickle.started}); projection before the trickle ${beforeTrickle}, before the load ${beforeLoad}`;
  return [
    {
      name: 'projection lag p50 (broker timestamp → Mongo write), at 50 % of max vs trickle',
      ours: percentile(busy, 50),
      reference: percentile(idle, 50),
      unit: 'ms',
      target: 'report',
      note,
    },
    {
      name: 'projection lag p99, at 50 % of max vs trickle',
      ours: percentile(busy, 99),
      reference: percentile(idle, 99),
      unit: 'ms',
      target: 'p99 < 1000 ms',
      met: percentile(busy, 99) < 1000,
    },
  ];
}
