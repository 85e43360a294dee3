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

/** A drill's stack: the real servers, and gcflow as a deployment runs it, one role group per process. */
export interface DrillStack {
  sut: StackUnderTest;
  api: ApiClient;
  web: GcflowProcess;
  projector: GcflowProcess;
  workers: GcflowProcess;
  stop(): Promise<void>;
}

export async function startDrillStack(name: string): Promise<DrillStack> {
  const sut = await startStackUnderTest({ name: `drill-${name}`, log: () => undefined });
  try {
    const web = await sut.startGcflow(['web', 'deploy'], 'web');
    const projector = await sut.startGcflow(['projector'], 'projector');
    const workers = await sut.startGcflow(['workers'], 'workers');
    return { sut, api: createApiClient(web.url!), web, projector, workers, stop: () => sut.stop() };
  } catch (err) {
    await sut.stop();
    throw err;
  }
}

/** Starts `count` complaints, `perSecond` a second; returns their keys. */
export async function startComplaints(
  sut: StackUnderTest,
  count: number,
  perSecond: number,
): Promise<string[]> {
  const keys: string[] = [];
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
  };
}

/** One drill's line: its name, PASS / FAIL / CANNOT INJECT and the counts. */
export interface DrillResult {
  name: string;
  outcome: 'PASS' | 'FAIL' | 'CANNOT INJECT';
  counts: string;
}

export const drillLine = (n: number, r: DrillResult) => `drill ${n} ${r.name}: ${r.outcome} — ${r.counts}`;
