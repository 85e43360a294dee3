import type { Connection } from 'mongoose';
import { markTasksChanged } from '../../models/task-change';
import { slaRecordModel } from '../../models/sla-record';
import { startPoller, type RunningPoller } from '../assignment/task-assigner';
import { notifyStaff } from '../notify/notifier';
import { managerOf, managersAt } from '../people';
import { visibleVariables } from '../process-variables';
import { businessCalendar, loadSlaPolicies } from './policy-store';
import { computeDeadlines, slaState, type SlaState } from './sla-policy';
import { caseTask } from './case-record';
import { syncOpenPauses, waitsForCustomer } from './pause-monitor';
import { isCustomerWait } from './sla-pause';

export interface SlaMonitorDeps {
  mongo: Connection;
  projection: Connection;
  log: (line: string) => void;
  now: () => Date;
}

interface MonitoredTask {
  _id: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  assignee: string | null;
  createdAt: Date;
  customHeaders?: Record<string, string>;
  slaWarnAt?: Date | null;
  slaDueAt?: Date | null;
  slaState?: SlaState | null;
}

const RANK: Record<SlaState, number> = { 'on-track': 0, 'at-risk': 1, breached: 2 };

/**
 * One pass of the SLA monitor over the open tasks under a `slaPolicy`:
 * - a task whose header names a policy of its own has no model timers: the monitor counts its deadlines from
 *   its creation, keeps a task SLA record, and itself records the warning (assignee and manager told) and
 *   the breach (city managers told);
 * - a task that follows the case's policy (e.g. `complaint-by-grade`) takes the case deadlines from the
 *   process variables `slaWarnAt`/`slaDueAt`; its model's timers and the SLA workers record the events.
 * Either way the task projection gets `slaWarnAt`, `slaDueAt` and `slaState` for the inbox and the load
 * weights. Records of work that ended are completed with whether the deadline was met.
 */
export async function checkSlas(
  deps: SlaMonitorDeps,
  options: { scope?: Record<string, unknown> } = {},
): Promise<void> {
  const now = deps.now();
  const policies = await loadSlaPolicies(deps.mongo);
  const own = new Map(policies.map((p) => [p.id, p]));
  const usertasks = deps.projection.collection<MonitoredTask & { state: string; closedAt?: Date | null }>(
    'usertasks',
  );
  const records = slaRecordModel(deps.mongo);
  const open = await usertasks
    .find({ state: 'open', 'customHeaders.slaPolicy': { $exists: true }, ...options.scope })
    .toArray();
  for (const task of open) {
    // the clock stands still while the case waits for the customer: such a task is never at risk
    if (isCustomerWait(task.customHeaders)) continue;
    const header = task.customHeaders?.slaPolicy ?? '';
    const policy = own.get(header);
    let warnAt = task.slaWarnAt ?? null;
    let dueAt = task.slaDueAt ?? null;
    if (!warnAt || !dueAt) {
      if (policy) {
        const deadlines = computeDeadlines(policy, businessCalendar(), new Date(task.createdAt));
        ({ warnAt, dueAt } = deadlines);
      } else {
        const vars = await visibleVariables(deps.projection, task, ['slaWarnAt', 'slaDueAt']);
        if (typeof vars.slaWarnAt !== 'string' || typeof vars.slaDueAt !== 'string') continue;
        warnAt = new Date(vars.slaWarnAt);
        dueAt = new Date(vars.slaDueAt);
      }
    }
    const state = slaState(now, { warnAt, dueAt });
    if (state !== task.slaState || !task.slaDueAt) {
      await usertasks.updateOne(
        { _id: task._id, state: 'open' },
        { $set: { slaWarnAt: warnAt, slaDueAt: dueAt, slaState: state } },
      );
      await markTasksChanged(deps.projection, now);
    }
    if (!policy) continue;
    const _id = `task/${task._id}`;
    const vars = await visibleVariables(deps.projection, task, ['city', 'customerName']);
    const city = typeof vars.city === 'string' ? vars.city : null;
    await records.updateOne(
      { _id },
      {
        $setOnInsert: {
          subject: 'task',
          processInstanceKey: task.processInstanceKey,
          bpmnProcessId: task.bpmnProcessId,
          taskKey: task._id,
          elementId: task.elementId,
          policyId: policy.id,
          calendarId: policy.calendar === '24x7' ? '24x7' : businessCalendar().id,
          startedAt: new Date(task.createdAt),
          warnAt,
          dueAt,
          city,
        },
      },
      { upsert: true },
    );
    const what = `${typeof vars.customerName === 'string' ? vars.customerName : ''} ${task.elementId}`.trim();
    if (RANK[state] >= RANK['at-risk']) {
      const warned = await records.updateOne(
        { _id, warnedAt: null },
        { $set: { warnedAt: now, ...(state === 'at-risk' ? { state } : {}) } },
      );
      if (warned.modifiedCount > 0) {
        const manager = await managerOf(deps.mongo, task.assignee);
        await notifyStaff(
          deps,
          [
            ...(task.assignee ? [task.assignee] : []),
            ...(manager ? [manager] : await managersAt(deps.mongo, 'city', city)),
          ],
          {
            idempotencyKey: `sla/${_id}/warning`,
            template: 'sla-warning',
            variables: { what, slaDueAt: dueAt.toISOString() },
            processInstanceKey: task.processInstanceKey,
          },
        );
      }
    }
    if (state === 'breached') {
      const escalatedTo = await managersAt(deps.mongo, 'city', city);
      const breached = await records.updateOne(
        { _id, breachedAt: null },
        {
          $set: {
            breachedAt: now,
            state,
            met: false,
            holderAtBreach: task.assignee,
            escalationLevel: 'city',
            escalatedTo,
          },
        },
      );
      if (breached.modifiedCount > 0) {
        await notifyStaff(deps, escalatedTo, {
          idempotencyKey: `sla/${_id}/breach`,
          template: 'sla-breach',
          variables: { what, slaDueAt: dueAt.toISOString(), level: 'city', levelZh: '地市' },
          processInstanceKey: task.processInstanceKey,
        });
      }
    }
  }
  await syncOpenPauses(deps, policies, options.scope);
  await completeEndedRecords(deps, new Set(own.keys()));
}

/** Completes the records whose work ended: when, and whether the deadline was met. */
async function completeEndedRecords(deps: SlaMonitorDeps, ownPolicyIds: ReadonlySet<string>): Promise<void> {
  const records = slaRecordModel(deps.mongo);
  const usertasks = deps.projection.collection<{ _id: string; state: string; closedAt?: Date | null }>(
    'usertasks',
  );
  const running = await records.find({ completedAt: null }).lean();
  for (const record of running) {
    const task =
      record.subject === 'task' && record.taskKey
        ? await usertasks.findOne({ _id: record.taskKey })
        : await caseTask(deps.projection, record, ownPolicyIds).then((t) =>
            t ? usertasks.findOne({ _id: t._id }) : null,
          );
    if (!task || task.state === 'open' || !task.closedAt) continue;
    // the handling task closed for a wait for the customer: the case clock goes on after it
    if (record.subject === 'case' && (await waitsForCustomer(deps.projection, record))) continue;
    const closedAt = new Date(task.closedAt);
    const met = !record.breachedAt && task.state === 'completed' && closedAt <= record.dueAt;
    await records.updateOne(
      { _id: record._id, completedAt: null },
      { $set: { completedAt: closedAt, met, ...(met ? {} : { state: 'breached' }) } },
    );
  }
}

/** The SLA monitor as a poller (every 5 s by default: deadlines are minutes to days away). */
export function startSlaMonitor(
  deps: SlaMonitorDeps,
  options: { intervalMs?: number; scope?: () => Record<string, unknown> } = {},
): RunningPoller {
  return startPoller('sla monitor', () => checkSlas(deps, { scope: options.scope?.() }), {
    intervalMs: options.intervalMs ?? 5000,
    log: deps.log,
  });
}
