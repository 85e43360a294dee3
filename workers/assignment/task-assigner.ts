import type { Connection } from 'mongoose';
import { assignmentDecisionModel, roundRobinCursorModel } from '../../models/assignment-decision';
import { markTasksChanged } from '../../models/task-change';
import { isDuplicateKey } from '../../models/duplicate-key';
import { notifyStaff } from '../notify/notifier';
import { loadStaffMembers, managersAt } from '../people';
import { visibleVariables } from '../process-variables';
import { AssignmentRuleError } from './assignment-rule';
import { decideAssignee, type AssignmentVariables, type StaffMember } from './decide-assignee';

/** What the assigner uses: staff and decisions in `mongo`, tasks and variables in `projection`. */
export interface TaskAssignerDeps {
  mongo: Connection;
  projection: Connection;
  log: (line: string) => void;
  now: () => Date;
}

/** An open user task as the projector wrote it (the fields the assigner reads). */
export interface OpenTask {
  _id: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  candidateGroups: string[];
  assignee: string | null;
  customHeaders?: Record<string, string>;
}

const VARIABLE_NAMES = ['customerId', 'industry', 'city', 'productId', 'accountManager'] as const;

/** Staff with their open-task load, updated as one pass hands out tasks so the load spreads. */
type Pool = { -readonly [K in keyof StaffMember]: StaffMember[K] }[];

const tasksOf = (projection: Connection) => projection.collection<OpenTask & { state: string }>('usertasks');

/**
 * Decides one task's assignee by its rule, records the decision (rule and reason), writes the assignee into
 * the task projection, and tells the managers when nobody is eligible. Idempotent per `(task, cause)`: the
 * decision's id is fixed, so a second run after a crash applies the recorded decision instead of a new one.
 */
export async function assignTask(
  deps: TaskAssignerDeps,
  task: OpenTask,
  options: { cause: 'new-task' | 'departure'; departed?: string; staff?: Pool },
): Promise<{ assignee: string | null; rule: string }> {
  const decisions = assignmentDecisionModel(deps.mongo);
  const _id =
    options.cause === 'new-task' ? `${task._id}/initial` : `${task._id}/departure/${options.departed}`;
  let recorded = await decisions.findById(_id).lean();
  const variables = (await visibleVariables(deps.projection, task, VARIABLE_NAMES)) as AssignmentVariables;
  if (!recorded) {
    const staff = options.staff ?? ((await loadStaffMembers(deps.mongo, deps.projection)) as Pool);
    const modelAssignee = options.cause === 'new-task' ? task.assignee : null;
    const poolKey = `${[...task.candidateGroups].sort().join(',')}/${variables.city ?? '*'}`;
    let decision: {
      assignee: string | null;
      rule: string;
      requestedRule: string;
      fallback: boolean;
      reason: { zh: string; en: string };
      notifyManager: boolean;
      roundRobinCursor?: string;
    };
    if (modelAssignee) {
      // the model names the person (e.g. a reviewer chosen in an earlier form): the rules do not overrule it
      decision = {
        assignee: modelAssignee,
        rule: 'model',
        requestedRule: task.customHeaders?.assignmentRule ?? 'model',
        fallback: false,
        reason: {
          zh: `模型指定处理人 ${modelAssignee}`,
          en: `the model names the assignee ${modelAssignee}`,
        },
        notifyManager: false,
      };
    } else {
      try {
        decision = decideAssignee(
          {
            candidateGroups: task.candidateGroups,
            assignmentRule: task.customHeaders?.assignmentRule,
            variables,
          },
          {
            staff,
            roundRobinCursor: (await roundRobinCursorModel(deps.mongo).findById(poolKey).lean())
              ?.lastUsername,
          },
        );
      } catch (err) {
        if (!(err instanceof AssignmentRuleError)) throw err;
        decision = {
          assignee: null,
          rule: 'invalid',
          requestedRule: String(task.customHeaders?.assignmentRule),
          fallback: false,
          reason: { zh: `分派规则无效：${err.message}`, en: `invalid assignment rule: ${err.message}` },
          notifyManager: true,
        };
      }
    }
    try {
      await decisions.create({
        _id,
        taskKey: task._id,
        processInstanceKey: task.processInstanceKey,
        elementId: task.elementId,
        cause: options.cause,
        assignee: decision.assignee,
        previousAssignee: options.cause === 'departure' ? (options.departed ?? null) : null,
        rule: decision.rule,
        requestedRule: decision.requestedRule,
        fallback: decision.fallback,
        reason: decision.reason,
        managerNotified: decision.notifyManager,
        decidedAt: deps.now(),
      });
      if (decision.roundRobinCursor) {
        await roundRobinCursorModel(deps.mongo).updateOne(
          { _id: poolKey },
          { $set: { lastUsername: decision.roundRobinCursor } },
          { upsert: true },
        );
      }
      const chosen = staff.find((s) => s.username === decision.assignee);
      if (chosen) chosen.openTasks = [...chosen.openTasks, { taskKey: task._id, slaState: null }];
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // another replica decided this task a moment ago
    }
    recorded = (await decisions.findById(_id).lean())!;
  }
  const written = await tasksOf(deps.projection).updateOne(
    { _id: task._id, state: 'open' },
    { $set: { assignee: recorded.assignee ?? null, assignmentDecidedAt: recorded.decidedAt } },
  );
  // the projector's checkpoint does not move for this write: wake the inboxes' event streams
  if (written.modifiedCount > 0) await markTasksChanged(deps.projection, deps.now());
  if (recorded.managerNotified) {
    await notifyStaff(deps, await managersAt(deps.mongo, 'city', variables.city), {
      idempotencyKey: `assignment/${_id}`,
      template: 'task-unassigned',
      variables: {
        elementId: task.elementId,
        processInstanceKey: task.processInstanceKey,
        candidateGroups: task.candidateGroups.join(', '),
      },
      processInstanceKey: task.processInstanceKey,
    });
  }
  return { assignee: recorded.assignee ?? null, rule: recorded.rule };
}

/** Tasks whose decision failed, with when to try each again: kept by the poller from pass to pass. */
export type FailedTasks = Map<string, Date>;

/** How long a task whose decision failed is left out of the passes before it is tried again. */
export const FAILED_TASK_RETRY_MS = 60_000;

/**
 * One pass over the open tasks that have no decision yet (oldest first). Level-triggered: whatever a crash,
 * a restart or a lost projector callback left undecided is found by the next pass. A task that fails is
 * left out for a while (`failed`), so a few that always fail cannot fill every pass's page and starve the
 * tasks behind them.
 */
export async function assignOpenTasks(
  deps: TaskAssignerDeps,
  options: { scope?: Record<string, unknown>; limit?: number; failed?: FailedTasks } = {},
): Promise<number> {
  const now = deps.now();
  const failed = options.failed;
  // due ones are tried again (and forgotten: a task closed meanwhile leaves nothing behind)
  for (const [id, retryAt] of failed ?? []) if (retryAt <= now) failed!.delete(id);
  const waiting = [...(failed?.keys() ?? [])];
  const pending = await tasksOf(deps.projection)
    .find({
      state: 'open',
      assignmentDecidedAt: null,
      ...options.scope,
      ...(waiting.length ? { _id: { $nin: waiting } } : {}),
    })
    .sort({ createdAt: 1 })
    .limit(options.limit ?? 200)
    .toArray();
  if (pending.length === 0) return 0;
  const staff = (await loadStaffMembers(deps.mongo, deps.projection)) as Pool;
  let firstError: unknown = null;
  for (const task of pending) {
    const id = String(task._id);
    try {
      // a user task modelled without candidate groups has none in the projection
      const candidateGroups = Array.isArray(task.candidateGroups) ? task.candidateGroups : [];
      await assignTask(deps, { ...task, candidateGroups, _id: id }, { cause: 'new-task', staff });
      failed?.delete(id);
    } catch (err) {
      // one task that cannot be decided must not hold up the others behind it (oldest first)
      failed?.set(id, new Date(now.getTime() + FAILED_TASK_RETRY_MS));
      firstError ??= new Error(`task ${id}: ${(err as Error).message}`);
    }
  }
  if (firstError) throw firstError;
  return pending.length;
}

/** A running poller; `stop` waits for the pass in progress. */
export interface RunningPoller {
  stop(): Promise<void>;
}

/** Runs `pass` every `intervalMs` (after the previous pass ends), logging failures and carrying on. */
export function startPoller(
  name: string,
  pass: () => Promise<unknown>,
  options: { intervalMs: number; log: (line: string) => void },
): RunningPoller {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = pass()
      .then(() => undefined)
      .catch((err: unknown) => options.log(`${name}: ${(err as Error).message}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The task assigner: every new open user task gets its assignee decided by the rules. A poller over the
 * projection rather than the projector's `onBatch`: the callback runs after the stream entries are
 * acknowledged, so a crash there would lose the task for good, while "open and undecided" is a state any
 * later pass finds again; decisions keyed by task make replicas and re-runs converge.
 */
export function startTaskAssigner(
  deps: TaskAssignerDeps,
  options: { intervalMs?: number; scope?: () => Record<string, unknown>; limit?: number } = {},
): RunningPoller {
  const failed: FailedTasks = new Map();
  return startPoller(
    'task assigner',
    () => assignOpenTasks(deps, { scope: options.scope?.(), limit: options.limit, failed }),
    { intervalMs: options.intervalMs ?? 1000, log: deps.log },
  );
}
