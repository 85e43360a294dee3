import type { Role } from '../../../models/staff';
import { customerModel } from '../../../models/customer';
import { knowledgeItemModel } from '../../../models/knowledge-item';
import { processInstanceModel } from '../../../models/process-instance';
import { formIdOfKey, taskFormModel } from '../../../models/task-form';
import { markTasksChanged } from '../../../models/task-change';
import { userTaskModel, type UserTask } from '../../../models/user-task';
import type { ApiDeps } from '../api-deps';
import { nowOf } from '../api-deps';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/audit';
import { afterCursor, encodeCursor } from '../http/cursor';
import { hasAnyRole, seesAllCities, type Principal } from '../http/principal';
import { validateAgainstForm, type FormComponent } from './form-validation';
import { withEnglishNames } from '../processes/element-names';

type TaskRow = UserTask & { _id: string };

/** Roles that may list every task of their scope (`scope=all`), not only their own and their groups'. */
export const OVERSEEING_ROLES: readonly Role[] = ['manager', 'business-manager', 'admin'];

export type SlaStateView = 'on-track' | 'at-risk' | 'breached' | 'none';

/** The SLA monitor's state when it has set one; otherwise from the projected deadlines and the clock. */
export function slaStateOf(
  task: Pick<TaskRow, 'slaState' | 'dueAt' | 'warnAt' | 'state' | 'closedAt'>,
  now: Date,
): SlaStateView {
  if (task.slaState) return task.slaState as SlaStateView;
  if (!task.dueAt) return 'none';
  const at = task.state === 'open' ? now : (task.closedAt ?? now);
  if (at.getTime() >= task.dueAt.getTime()) return 'breached';
  if (task.warnAt && at.getTime() >= task.warnAt.getTime()) return 'at-risk';
  return 'on-track';
}

/** `nameEn`: the model's English name of the task (`withEnglishNames`), null when it has none. */
export function taskSummary(task: TaskRow & { nameEn?: string | null }, now: Date) {
  return {
    id: task._id,
    name: task.name ?? task.elementId,
    nameEn: task.nameEn ?? null,
    processInstanceKey: task.processInstanceKey,
    bpmnProcessId: task.bpmnProcessId,
    elementId: task.elementId,
    state: task.state,
    assignee: task.assignee ?? null,
    candidateGroups: task.candidateGroups ?? [],
    city: task.city ?? null,
    customerId: task.customerId ?? null,
    createdAt: task.createdAt,
    dueAt: task.slaDueAt ?? task.dueAt ?? null,
    sla: { state: slaStateOf(task, now) },
  };
}

/** Who may see a task: province staff all; city staff their city's, and any task assigned to them. */
function visibility(principal: Principal): Record<string, unknown> {
  if (seesAllCities(principal)) return {};
  return { $or: [{ city: principal.city }, { assignee: principal.username }] };
}

function isCandidate(principal: Principal, task: TaskRow): boolean {
  return (
    (task.candidateGroups ?? []).some((g) => (principal.roles as string[]).includes(g)) ||
    (task.candidateUsers ?? []).includes(principal.username)
  );
}

export interface InboxQuery {
  scope: 'mine' | 'candidate' | 'all';
  state: 'open' | 'completed' | 'canceled';
  bpmnProcessId?: string;
  limit: number;
  cursor?: string;
}

/**
 * The inbox, by due date (no deadline last), keyset-paged. Each scope matches one index: `mine` assignee +
 * state + due, `candidate` candidate group + state + due, `all` state + city + due.
 */
export async function listTasks(deps: ApiDeps, principal: Principal, query: InboxQuery) {
  let filter: Record<string, unknown>;
  if (query.scope === 'mine') filter = { assignee: principal.username, state: query.state };
  else if (query.scope === 'candidate') {
    filter = {
      candidateGroups: { $in: principal.roles },
      state: query.state,
      ...(query.state === 'open' ? { assignee: null } : {}),
      ...visibility(principal),
    };
  } else {
    if (!hasAnyRole(principal, OVERSEEING_ROLES)) {
      throw new AppError(
        403,
        'forbidden',
        `scope=all needs one of the roles: ${OVERSEEING_ROLES.join(', ')}`,
      );
    }
    filter = { state: query.state, ...(seesAllCities(principal) ? {} : { city: principal.city }) };
  }
  if (query.bpmnProcessId) filter.bpmnProcessId = query.bpmnProcessId;
  const cursor = afterCursor('sortDueAt', 1, query.cursor);
  const where = '$or' in filter && '$or' in cursor ? { $and: [filter, cursor] } : { ...filter, ...cursor };
  const rows = await userTaskModel(deps.mongo)
    .find(where)
    .sort({ sortDueAt: 1, _id: 1 })
    .limit(query.limit + 1)
    .lean<TaskRow[]>();
  const now = nowOf(deps);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: (await withEnglishNames(deps.mongo, page)).map((t) => taskSummary(t, now)),
    next: rows.length > query.limit && last?.sortDueAt ? encodeCursor(last.sortDueAt, last._id) : null,
  };
}

/** The task if the principal may see it (in scope, assigned to them, or a candidate); otherwise 404. */
export async function taskInScope(deps: ApiDeps, principal: Principal, id: string): Promise<TaskRow> {
  const task = await userTaskModel(deps.mongo).findById(id).lean<TaskRow>();
  const visible =
    task &&
    (seesAllCities(principal) ||
      task.city === principal.city ||
      task.assignee === principal.username ||
      (task.city === null && isCandidate(principal, task)));
  if (!task || !visible) throw new AppError(404, 'not_found', `no task ${id}`);
  return task;
}

async function formOf(
  deps: ApiDeps,
  task: TaskRow,
): Promise<{ id: string; schema: { components?: FormComponent[] } } | null> {
  const formId = formIdOfKey(task.formKey);
  if (!formId) return null;
  const form = await taskFormModel(deps.mongo).findById(formId).lean();
  return form
    ? { id: formId, schema: JSON.parse(form.schemaJson) as { components?: FormComponent[] } }
    : null;
}

/** The task with its form schema and the knowledge map: templates for this industry and stage, newest, most viewed. */
export async function taskDetail(deps: ApiDeps, principal: Principal, id: string) {
  const task = await taskInScope(deps, principal, id);
  const [form, instance] = await Promise.all([
    formOf(deps, task),
    processInstanceModel(deps.mongo).findById(task.processInstanceKey, { industry: 1 }).lean(),
  ]);
  // the instance's own variable, else the customer's industry in the unified customer view
  const customerId = task.customerId ?? null;
  const industry =
    instance?.industry ??
    (customerId
      ? ((await customerModel(deps.mongo).findById(customerId, { industry: 1 }).lean())?.industry ?? null)
      : null);
  const salesStage = (task.customHeaders as Record<string, string> | undefined)?.salesStage ?? null;
  const knowledge = knowledgeItemModel(deps.mongo);
  const projection = {
    title: 1,
    library: 1,
    summary: 1,
    industry: 1,
    salesStage: 1,
    createdAt: 1,
    viewCount: 1,
  };
  const [templates, newest, mostViewed] = industry
    ? await Promise.all([
        knowledge
          .find({ industry, isTemplate: true, ...(salesStage ? { salesStage } : {}) }, projection)
          .limit(5)
          .lean(),
        knowledge.find({ industry }, projection).sort({ createdAt: -1 }).limit(5).lean(),
        knowledge.find({ industry }, projection).sort({ viewCount: -1 }).limit(5).lean(),
      ])
    : [[], [], []];
  const item = (k: (typeof templates)[number]) => ({
    id: k._id,
    title: k.title,
    library: k.library,
    summary: k.summary,
    viewCount: k.viewCount,
  });
  return {
    ...taskSummary((await withEnglishNames(deps.mongo, [task]))[0]!, nowOf(deps)),
    formKey: task.formKey ?? null,
    form: form?.schema ?? null,
    customHeaders: task.customHeaders ?? {},
    knowledge: {
      industry,
      salesStage,
      templates: templates.map(item),
      newest: newest.map(item),
      mostViewed: mostViewed.map(item),
    },
  };
}

export async function claimTask(deps: ApiDeps, principal: Principal, id: string): Promise<void> {
  const task = await taskInScope(deps, principal, id);
  if (!isCandidate(principal, task))
    throw new AppError(403, 'forbidden', 'only a candidate may claim this task');
  if (task.state !== 'open') throw new AppError(409, 'task_closed', `the task is ${task.state}`);
  const claimed = await userTaskModel(deps.mongo).updateOne(
    { _id: id, state: 'open', $or: [{ assignee: null }, { assignee: principal.username }] },
    { $set: { assignee: principal.username } },
  );
  if (claimed.matchedCount === 0) throw new AppError(409, 'already_assigned', 'someone else holds the task');
  await markTasksChanged(deps.mongo);
  await recordAudit(deps, { action: 'task-claim', actor: principal.username, subject: id });
}

export async function unclaimTask(deps: ApiDeps, principal: Principal, id: string): Promise<void> {
  const task = await taskInScope(deps, principal, id);
  const overseer = hasAnyRole(principal, ['manager', 'admin']);
  if (task.assignee !== principal.username && !overseer) {
    throw new AppError(403, 'forbidden', 'only the assignee or a manager may hand the task back');
  }
  if (task.state !== 'open') throw new AppError(409, 'task_closed', `the task is ${task.state}`);
  await userTaskModel(deps.mongo).updateOne({ _id: id, state: 'open' }, { $set: { assignee: null } });
  await markTasksChanged(deps.mongo);
  await recordAudit(deps, {
    action: task.assignee === principal.username ? 'task-unclaim' : 'task-reassign',
    actor: principal.username,
    subject: id,
    details: { from: task.assignee ?? null, to: null },
  });
}

/**
 * Completes the task: the assignee only, the variables checked against its form, then CompleteJob. A task
 * already completed, canceled or being completed answers 409 and nothing changes; the marker taken first
 * makes two racing completions send one CompleteJob.
 */
export async function completeTask(
  deps: ApiDeps,
  principal: Principal,
  id: string,
  variables: Record<string, unknown>,
): Promise<void> {
  const task = await taskInScope(deps, principal, id);
  if (task.state !== 'open' || task.completingBy) {
    throw new AppError(409, 'task_closed', `the task is ${task.completingBy ? 'completed' : task.state}`);
  }
  if (task.assignee !== principal.username)
    throw new AppError(403, 'forbidden', 'only the assignee may complete the task');
  const form = await formOf(deps, task);
  if (task.formKey && !form)
    throw new AppError(422, 'form_unknown', `the task's form ${task.formKey} is not deployed`);
  const violations = form ? validateAgainstForm(form.schema, variables) : [];
  if (violations.length > 0)
    throw new AppError(422, 'form_invalid', 'the data does not satisfy the form', violations);

  const tasks = userTaskModel(deps.mongo);
  const taken = await tasks.updateOne(
    { _id: id, state: 'open', completingBy: null },
    { $set: { completingBy: principal.username } },
  );
  if (taken.matchedCount === 0) throw new AppError(409, 'task_closed', 'the task is already being completed');
  try {
    await deps.zbc.completeJob({ jobKey: task.jobKey, variables });
  } catch (err) {
    if (/NOT_FOUND/i.test((err as Error).message)) {
      // the engine closed it already (completed or canceled by a boundary event); the projection follows
      throw new AppError(409, 'task_closed', 'the task is no longer open in the engine');
    }
    await tasks.updateOne({ _id: id, completingBy: principal.username }, { $set: { completingBy: null } });
    throw err;
  }
  await recordAudit(deps, {
    action: 'task-complete',
    actor: principal.username,
    subject: id,
    details: { processInstanceKey: task.processInstanceKey, elementId: task.elementId },
  });
}
