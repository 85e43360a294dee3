import { auditEntryModel } from '../../models/audit-entry';
import { incidentModel } from '../../models/incident';
import { notificationModel } from '../../models/notification';
import { processInstanceModel } from '../../models/process-instance';
import { reportArtifactModel } from '../../models/report-artifact';
import { surveyModel } from '../../models/survey';
import { userTaskModel } from '../../models/user-task';
import { createApiClient, type ApiClient } from '../support/api-client';
import { COMPLAINTS, complaintIntake } from '../support/complaint-path';
import { sleep, until } from '../support/percentiles';
import { startStackUnderTest, type GcflowProcess, type StackUnderTest } from '../support/stack-under-test';
import { startRecordAudit, type RecordAudit } from './exported-records';

/** A drill's stack: the real servers, and gcflow as a deployment runs it, one role group per process. */
export interface DrillStack {
  sut: StackUnderTest;
  api: ApiClient;
  web: GcflowProcess;
  projector: GcflowProcess;
  workers: GcflowProcess;
  /** Every record the broker exports from the drill's start, read by a consumer group of the drill's own. */
  audit: RecordAudit;
  stop(): Promise<void>;
}

export async function startDrillStack(name: string): Promise<DrillStack> {
  const sut = await startStackUnderTest({ name: `drill-${name}`, log: () => undefined });
  try {
    const web = await sut.startGcflow(['web', 'deploy'], 'web');
    const projector = await sut.startGcflow(['projector'], 'projector');
    const workers = await sut.startGcflow(['workers'], 'workers');
    const audit = await startRecordAudit(sut.redis);
    return { sut, api: createApiClient(web.url!), web, projector, workers, audit, stop: () => sut.stop() };
  } catch (err) {
    await sut.stop();
    throw err;
  }
}

/** Starts `count` complaints, `perSecond` a second; returns their keys (also pushed to `keys` as they come). */
export async function startComplaints(
  sut: StackUnderTest,
  count: number,
  perSecond: number,
  keys: string[] = [],
): Promise<string[]> {
  const began = Date.now();
  for (let i = 0; i < count; i++) {
    const due = began + (i * 1000) / perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    const { processInstanceKey } = await sut.zbc.createProcessInstance({
      bpmnProcessId: COMPLAINTS,
      variables: complaintIntake('ordinary', 'drill'),
    });
    keys.push(String(processInstanceKey));
  }
  return keys;
}

/** Waits (bounded) until every instance is COMPLETED in the projection; returns how many are. */
export async function waitCompleted(sut: StackUnderTest, keys: readonly string[], timeoutMs: number) {
  const count = () =>
    processInstanceModel(sut.db).countDocuments({ _id: { $in: [...keys] }, state: 'COMPLETED' });
  await until(async () => (await count().catch(() => -1)) === keys.length, timeoutMs, 1000);
  return count();
}

/** What the run left per instance: tasks, surveys, reports and notifications, and where they doubled. */
export async function ledger(sut: StackUnderTest, keys: readonly string[]) {
  const inRun = { processInstanceKey: { $in: [...keys] } };
  const [tasks, surveys, reports, notes, incidents] = await Promise.all([
    userTaskModel(sut.db).find(inRun, { processInstanceKey: 1, elementInstanceKey: 1, state: 1 }).lean(),
    surveyModel(sut.db).find(inRun, { processInstanceKey: 1 }).lean(),
    reportArtifactModel(sut.db).find(inRun, { processInstanceKey: 1 }).lean(),
    notificationModel(sut.db).find(inRun, { processInstanceKey: 1, template: 1, channel: 1, to: 1 }).lean(),
    incidentModel(sut.db).countDocuments({ ...inRun, state: 'open' }),
  ]);
  const perInstance = (rows: { processInstanceKey?: string | null }[]) => {
    const n = new Map<string, number>();
    for (const r of rows) n.set(String(r.processInstanceKey), (n.get(String(r.processInstanceKey)) ?? 0) + 1);
    return n;
  };
  const completedIds = tasks.filter((t) => t.state === 'completed').map((t) => String(t._id));
  const audited = await auditEntryModel(sut.db)
    .find({ action: 'task-complete', subject: { $in: completedIds } }, { subject: 1 })
    .lean();
  const s = perInstance(surveys);
  const r = perInstance(reports);
  const noteKeys = new Map<string, number>();
  for (const n of notes) {
    const k = `${n.processInstanceKey}|${n.template}|${n.channel}|${n.to}`;
    noteKeys.set(k, (noteKeys.get(k) ?? 0) + 1);
  }
  return {
    completedTasks: tasks.filter((t) => t.state === 'completed').length,
    openTasks: tasks.filter((t) => t.state === 'open').length,
    surveys: surveys.length,
    instancesWithOneSurvey: keys.filter((k) => s.get(k) === 1).length,
    reports: reports.length,
    instancesWithOneReport: keys.filter((k) => r.get(k) === 1).length,
    notifications: notes.length,
    doubledNotifications: [...noteKeys.values()].filter((n) => n > 1).length,
    openIncidents: incidents,
    /** Completed tasks with a `task-complete` audit line (all are completed through the API in the drills). */
    auditedCompletions: new Set(audited.map((a) => a.subject)).size,
  };
}

/**
 * Every instance of the run as three parties see it: the broker (asked at the end: cancelling an ended instance
 * is refused with NOT_FOUND; one still running is cancelled and counted), the exporter's records (the drill's
 * audit group) and the projection. Waits (bounded) for the projection to settle before it judges.
 */
export async function reconcile(d: DrillStack, keys: readonly string[], settleMs = 60_000) {
  type Projected = {
    instances: Map<string, string>;
    tasks: Map<string, string>;
    taskPositions: Map<string, number | undefined>;
  };
  const readProjection = async (): Promise<Projected> => {
    const [instances, tasks] = await Promise.all([
      processInstanceModel(d.sut.db)
        .find({ _id: { $in: [...keys] } }, { state: 1 })
        .lean(),
      userTaskModel(d.sut.db)
        .find({ processInstanceKey: { $in: [...keys] } }, { state: 1, position: 1 })
        .lean<{ _id: string; state: string; position?: number }[]>(),
    ]);
    return {
      instances: new Map(instances.map((i) => [String(i._id), String(i.state)])),
      tasks: new Map(tasks.map((t) => [String(t._id), String(t.state)])),
      taskPositions: new Map(tasks.map((t) => [String(t._id), t.position])),
    };
  };
  const differences = (p: Projected) => {
    const found: string[] = [];
    for (const key of keys) {
      const exported = d.audit.instance(key);
      const state = p.instances.get(key);
      if ((exported.ended ?? 'ACTIVE') !== state)
        found.push(`${key}: exported ${exported.ended ?? 'running'}, projected ${state ?? 'missing'}`);
      for (const [job, taskState] of exported.userTasks)
        if (p.tasks.get(job) !== taskState)
          found.push(
            `${key} task ${job}: exported ${taskState} (${exported.userTaskEvents.get(job)?.join(' ')}), ` +
              `projected ${p.tasks.get(job) ?? 'missing'}@${p.taskPositions.get(job)}`,
          );
    }
    const exportedTasks = new Set(keys.flatMap((k) => [...d.audit.instance(k).userTasks.keys()]));
    for (const job of p.tasks.keys())
      if (!exportedTasks.has(job)) found.push(`task ${job}: projected, never exported`);
    return found;
  };
  let projected = await readProjection();
  let differ: string[] = [];
  await until(
    async () => {
      await d.audit.drain();
      projected = await readProjection().catch(() => projected);
      differ = differences(projected);
      return differ.length === 0;
    },
    settleMs,
    1000,
  );
  let brokerRunning = 0;
  let brokerUnknown = 0;
  /** Instances whose end the broker and its records disagree on (ended in one, running in the other). */
  const brokerDiffers: string[] = [];
  for (const key of keys) {
    let running: boolean;
    try {
      await d.sut.zbc.cancelProcessInstance(key);
      running = true;
    } catch (err) {
      if ((err as { code?: number }).code !== 5) {
        brokerUnknown++;
        continue;
      }
      running = false; // NOT_FOUND: the broker has it ended
    }
    if (running) brokerRunning++;
    if (running === Boolean(d.audit.instance(key).ended))
      brokerDiffers.push(
        `${key}: broker ${running ? 'running' : 'ended'}, exported ${d.audit.instance(key).ended ?? 'running'}`,
      );
  }
  const exported = keys.map((k) => d.audit.instance(k));
  const exportedEnded = exported.filter((e) => e.ended).length;
  const brokerEnded = keys.length - brokerRunning - brokerUnknown;
  const completions = exported.flatMap((e) => [...e.userTaskCompletions.values()]);
  const incidents = exported.flatMap((e) => [...e.incidents.values()]);
  const r = {
    instances: keys.length,
    brokerEnded,
    brokerRunning,
    exportedEnded,
    projectedCompleted: [...projected.instances.values()].filter((s) => s === 'COMPLETED').length,
    tasksExported: exported.reduce((n, e) => n + e.userTasks.size, 0),
    /** User-task jobs the broker completed, by key. */
    tasksCompleted: new Set(exported.flatMap((e) => [...e.userTaskCompletions.keys()])),
    tasksCompletedTwiceByBroker: completions.filter((n) => n > 1).length,
    jobFailures: exported.reduce((n, e) => n + e.jobFailures, 0),
    jobFailuresWithoutRetries: exported.reduce((n, e) => n + e.jobFailuresWithoutRetries, 0),
    jobTimeouts: exported.reduce((n, e) => n + e.jobTimeouts, 0),
    incidentsOpened: incidents.length,
    incidentsLeftOpen: incidents.filter((s) => s === 'open').length,
    differences: [...brokerDiffers, ...differ],
  };
  const shown = r.differences.slice(0, 3).join('; ');
  return {
    ...r,
    tasksCompletedExported: r.tasksCompleted.size,
    /** Every instance ended, in the broker and in its records. */
    allEnded: brokerEnded === keys.length && exportedEnded === keys.length,
    /** The broker, its records and the projection agree on every instance and task; nothing done twice. */
    agree: brokerUnknown === 0 && r.differences.length === 0 && r.tasksCompletedTwiceByBroker === 0,
    text:
      `broker: ${brokerEnded}/${keys.length} ended${brokerRunning ? `, ${brokerRunning} running` : ''}${brokerUnknown ? `, ${brokerUnknown} not answered` : ''}; ` +
      `exported: ${exportedEnded} ended, ${r.tasksExported} user tasks (${r.tasksCompleted.size} completed, twice ${r.tasksCompletedTwiceByBroker}); ` +
      `projection: ${r.projectedCompleted} COMPLETED; broker/records/projection differ on ${r.differences.length}${shown ? ` (${shown})` : ''}; ` +
      `job failures ${r.jobFailures} (${r.jobFailuresWithoutRetries} without retries), timed out ${r.jobTimeouts}, incidents ${r.incidentsOpened} (left open ${r.incidentsLeftOpen})`,
  };
}

/** One drill's line: its name, PASS / FAIL / CANNOT INJECT and the counts. */
export interface DrillResult {
  name: string;
  outcome: 'PASS' | 'FAIL' | 'CANNOT INJECT';
  counts: string;
}

export const drillLine = (n: number, r: DrillResult) => `drill ${n} ${r.name}: ${r.outcome} — ${r.counts}`;
