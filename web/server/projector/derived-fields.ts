/**
 * Fields the projection derives from what it already holds rather than from one record: names from the BPMN
 * XML, the customer context (city, customer) from process variables, durations, due dates, and the dashboard
 * roll-ups. Records of different streams arrive in different batches (a task's JOB record before its
 * instance's VARIABLE records, or after), so each derivation is recomputed from the current projection
 * whenever one of its inputs changes: the result does not depend on arrival order and a replay rewrites the
 * same values. Runs after the batch's guarded writes, before the batch is acknowledged.
 */
import type { Connection } from 'mongoose';
import { dashboardRollupModel } from '../../../models/dashboard-rollup';
import { elementInstanceModel } from '../../../models/element-instance';
import { processDefinitionModel } from '../../../models/process-definition';
import { processInstanceModel } from '../../../models/process-instance';
import { processVariableModel } from '../../../models/process-variable';
import { userTaskModel } from '../../../models/user-task';
import { parseBpmn, type ModdleElement } from '../../../processes/moddle';
import type { DocumentChange } from './document-change';

/** Process variables copied onto instances and tasks, for city scope, the customer view and due dates. */
export const CONTEXT_VARIABLES = [
  'city',
  'customerId',
  'customerName',
  'industry',
  'slaDueAt',
  'slaWarnAt',
  'firstTimeResolved',
] as const;
type ContextName = (typeof CONTEXT_VARIABLES)[number];
type Context = Partial<Record<ContextName, unknown>>;

/** Sorts open tasks without a deadline last while keeping one index usable (no nulls in the sort key). */
export const NO_DUE_DATE = new Date('9999-12-31T00:00:00Z');

const COMPLAINT_PROCESS = 'complaint-handling';

/** Element names of one process definition, parsed once per definition key (definitions never change). */
const elementNamesCache = new Map<string, Promise<Map<string, string>>>();

export async function elementNames(
  mongo: Connection,
  processDefinitionKey: string,
): Promise<Map<string, string>> {
  let names = elementNamesCache.get(processDefinitionKey);
  if (!names) {
    names = (async () => {
      const definition = await processDefinitionModel(mongo)
        .findById(processDefinitionKey, { bpmnXml: 1 })
        .lean<{ bpmnXml: string }>();
      const found = new Map<string, string>();
      if (!definition) return found;
      const { rootElement } = await parseBpmn(definition.bpmnXml);
      const visit = (element: ModdleElement) => {
        if (element.id && element.name) found.set(element.id, element.name);
        for (const child of [
          ...((element.rootElements as ModdleElement[] | undefined) ?? []),
          ...((element.flowElements as ModdleElement[] | undefined) ?? []),
        ])
          visit(child);
      };
      visit(rootElement);
      return found;
    })();
    elementNamesCache.set(processDefinitionKey, names);
    // a definition not projected yet must be looked up again later
    void names.then((m) => m.size === 0 && elementNamesCache.delete(processDefinitionKey));
  }
  return names;
}

function asDate(value: unknown): Date | null {
  if (typeof value !== 'string' && !(value instanceof Date)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function isoWeek(at: Date): Date {
  const day = (at.getUTCDay() + 6) % 7; // Monday 0
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day));
}

interface VariableRow {
  scopeKey: string;
  name: string;
  value: unknown;
  position: number;
}

/** The context seen from a scope chain: the innermost scope that holds a variable wins. */
function contextFor(rows: VariableRow[], scopes: string[]): Context {
  const context: Context = {};
  for (const name of CONTEXT_VARIABLES) {
    for (const scope of scopes) {
      const row = rows.find((r) => r.name === name && r.scopeKey === scope);
      if (row) {
        context[name] = row.value;
        break;
      }
    }
  }
  return context;
}

function idsOf(changes: DocumentChange[], collection: DocumentChange['collection']): string[] {
  return changes.filter((c) => c.collection === collection).map((c) => c.id);
}

/** Recomputes the derived fields touched by a batch's changes. Idempotent. */
export async function deriveFields(mongo: Connection, changes: DocumentChange[]): Promise<void> {
  const instances = processInstanceModel(mongo);
  const tasks = userTaskModel(mongo);
  const variables = processVariableModel(mongo);

  // which instances' context may have changed: new instances, and context variables written
  const contextInstanceKeys = new Set<string>();
  for (const change of changes) {
    if (change.collection === 'processinstances' && change.setOnInsert?.bpmnProcessId)
      contextInstanceKeys.add(change.id);
    if (
      change.collection === 'processvariables' &&
      (CONTEXT_VARIABLES as readonly string[]).includes(String(change.set.name))
    )
      contextInstanceKeys.add(String(change.set.processInstanceKey));
  }
  const taskIds = idsOf(changes, 'usertasks');
  // most batches touch neither tasks nor context: skip the query (an $or is never pushed down by FerretDB)
  if (taskIds.length === 0 && contextInstanceKeys.size === 0) {
    await deriveDurations(mongo, changes);
    await refreshRollups(mongo, changes);
    return;
  }
  const taskFilter =
    contextInstanceKeys.size === 0
      ? { _id: { $in: taskIds } }
      : taskIds.length === 0
        ? { processInstanceKey: { $in: [...contextInstanceKeys] }, state: 'open' }
        : {
            $or: [
              { _id: { $in: taskIds } },
              { processInstanceKey: { $in: [...contextInstanceKeys] }, state: 'open' },
            ],
          };
  const taskRows = await tasks
    .find(taskFilter, {
      processInstanceKey: 1,
      elementInstanceKey: 1,
      elementId: 1,
      processDefinitionKey: 1,
      bpmnProcessId: 1,
      dueDate: 1,
      state: 1,
      createdAt: 1,
      closedAt: 1,
      assignee: 1,
    })
    .lean();
  for (const task of taskRows) contextInstanceKeys.add(task.processInstanceKey);
  const instanceKeys = [...contextInstanceKeys].filter(Boolean);
  if (instanceKeys.length > 0) {
    const [instanceRows, variableRows] = await Promise.all([
      instances
        .find({ _id: { $in: instanceKeys } }, { parentProcessInstanceKey: 1, processDefinitionKey: 1 })
        .lean(),
      variables
        .find(
          { processInstanceKey: { $in: instanceKeys }, name: { $in: CONTEXT_VARIABLES } },
          { processInstanceKey: 1, scopeKey: 1, name: 1, value: 1, position: 1 },
        )
        .lean(),
    ]);
    const byInstance = new Map<string, VariableRow[]>();
    for (const row of variableRows) {
      byInstance.set(row.processInstanceKey, [
        ...(byInstance.get(row.processInstanceKey) ?? []),
        row as VariableRow,
      ]);
    }
    // a called process without the customer variables takes its parent's (call activities pass only some)
    const parents = new Map(
      (
        await instances
          .find(
            {
              _id: {
                $in: instanceRows.map((i) => i.parentProcessInstanceKey).filter((k): k is string => !!k),
              },
            },
            { city: 1, customerId: 1, customerName: 1, industry: 1 },
          )
          .lean<
            { _id: string; city?: string; customerId?: string; customerName?: string; industry?: string }[]
          >()
      ).map((p) => [p._id, p]),
    );
    const instanceContext = new Map<string, Context>();
    const instanceWrites = instanceRows.map((instance) => {
      const own = contextFor(byInstance.get(instance._id) ?? [], [instance._id]);
      const parent = instance.parentProcessInstanceKey
        ? parents.get(instance.parentProcessInstanceKey)
        : undefined;
      const context: Context = {
        city: own.city ?? parent?.city ?? null,
        customerId: own.customerId ?? parent?.customerId ?? null,
        customerName: own.customerName ?? parent?.customerName ?? null,
        industry: own.industry ?? parent?.industry ?? null,
        slaDueAt: asDate(own.slaDueAt),
        slaWarnAt: asDate(own.slaWarnAt),
        firstTimeResolved: own.firstTimeResolved === true,
      };
      instanceContext.set(instance._id, context);
      return { updateOne: { filter: { _id: instance._id }, update: { $set: context } } };
    });
    if (instanceWrites.length)
      await mongo
        .collection<{ _id: string }>('processinstances')
        .bulkWrite(instanceWrites as never, { ordered: false });
    // children started before their parent's context arrived
    await Promise.all(
      [...instanceContext].map(([key, context]) =>
        context.city
          ? instances.updateMany(
              { parentProcessInstanceKey: key, city: null },
              { $set: { city: context.city, customerId: context.customerId ?? null } },
            )
          : undefined,
      ),
    );

    // tasks: context from the innermost scope holding the variable (multi-instance bodies carry their own)
    const scopeChains = await scopeChainsOf(
      mongo,
      taskRows.map((t) => t.elementInstanceKey),
    );
    const taskWrites = await Promise.all(
      taskRows.map(async (task) => {
        const rows = byInstance.get(task.processInstanceKey) ?? [];
        const scoped = contextFor(rows, [
          ...(scopeChains.get(task.elementInstanceKey) ?? []),
          task.processInstanceKey,
        ]);
        const fromInstance = instanceContext.get(task.processInstanceKey) ?? {};
        const names = await elementNames(mongo, task.processDefinitionKey);
        const dueAt = asDate(scoped.slaDueAt) ?? asDate(task.dueDate);
        const set: Record<string, unknown> = {
          name: names.get(task.elementId) ?? task.elementId,
          city: scoped.city ?? fromInstance.city ?? null,
          customerId: scoped.customerId ?? fromInstance.customerId ?? null,
          dueAt: dueAt ?? null,
          sortDueAt: dueAt ?? NO_DUE_DATE,
          warnAt: asDate(scoped.slaWarnAt),
        };
        if (task.closedAt && task.createdAt)
          set.durationMs = task.closedAt.getTime() - task.createdAt.getTime();
        return { updateOne: { filter: { _id: task._id }, update: { $set: set } } };
      }),
    );
    if (taskWrites.length)
      await mongo.collection<{ _id: string }>('usertasks').bulkWrite(taskWrites as never, { ordered: false });
  }

  await deriveDurations(mongo, changes);
  await refreshRollups(mongo, changes);
}

/** Element instance keys → their enclosing scopes' keys, innermost first (sub-processes, multi-instance bodies). */
async function scopeChainsOf(
  mongo: Connection,
  elementInstanceKeys: string[],
): Promise<Map<string, string[]>> {
  const elements = elementInstanceModel(mongo);
  const chains = new Map<string, string[]>(elementInstanceKeys.map((k) => [k, [k]]));
  let frontier = new Map(elementInstanceKeys.map((k) => [k, k])); // current key → task element key
  for (let depth = 0; depth < 6 && frontier.size > 0; depth++) {
    const rows = await elements
      .find({ _id: { $in: [...frontier.keys()] } }, { flowScopeKey: 1, bpmnElementType: 1 })
      .lean();
    const next = new Map<string, string>();
    for (const row of rows) {
      const origin = frontier.get(row._id)!;
      if (!row.flowScopeKey || row.bpmnElementType === 'PROCESS') continue;
      chains.get(origin)!.push(row.flowScopeKey);
      next.set(row.flowScopeKey, origin);
    }
    frontier = next;
  }
  return chains;
}

/** Durations of ended element instances and process instances (the end record does not carry the start). */
async function deriveDurations(mongo: Connection, changes: DocumentChange[]): Promise<void> {
  const ended = (collection: DocumentChange['collection']) =>
    changes.filter((c) => c.collection === collection && c.set.endedAt).map((c) => c.id);
  for (const [model, ids] of [
    [elementInstanceModel(mongo), ended('elementinstances')],
    [processInstanceModel(mongo), ended('processinstances')],
  ] as const) {
    if (ids.length === 0) continue;
    const rows = await (model as ReturnType<typeof elementInstanceModel>)
      .find({ _id: { $in: ids } }, { startedAt: 1, endedAt: 1 })
      .lean();
    const writes = rows
      .filter((r) => r.startedAt && r.endedAt)
      .map((r) => ({
        updateOne: {
          filter: { _id: r._id },
          update: { $set: { durationMs: r.endedAt!.getTime() - r.startedAt!.getTime() } },
        },
      }));
    if (writes.length)
      await (model as ReturnType<typeof elementInstanceModel>).bulkWrite(writes, { ordered: false });
  }
}

interface RollupKey {
  kind: 'task' | 'process';
  week: Date;
  bpmnProcessId: string;
  elementId: string;
  city: string | null;
  handler: string | null;
}

function rollupId(k: RollupKey): string {
  return [
    k.kind,
    k.week.toISOString().slice(0, 10),
    k.bpmnProcessId,
    k.elementId,
    k.city ?? '-',
    k.handler ?? '-',
  ].join('|');
}

/** Recomputes the roll-up buckets that a batch's closed tasks and ended instances fall into. */
async function refreshRollups(mongo: Connection, changes: DocumentChange[]): Promise<void> {
  const tasks = userTaskModel(mongo);
  const instances = processInstanceModel(mongo);
  const rollups = dashboardRollupModel(mongo);
  const closedTaskIds = changes
    .filter((c) => c.collection === 'usertasks' && c.set.closedAt)
    .map((c) => c.id);
  const endedInstanceIds = changes
    .filter((c) => c.collection === 'processinstances' && c.set.endedAt)
    .map((c) => c.id);
  const buckets = new Map<string, RollupKey>();
  if (closedTaskIds.length) {
    for (const t of await tasks
      .find(
        { _id: { $in: closedTaskIds } },
        { closedAt: 1, bpmnProcessId: 1, elementId: 1, city: 1, assignee: 1 },
      )
      .lean<
        { closedAt: Date; bpmnProcessId: string; elementId: string; city?: string; assignee?: string }[]
      >()) {
      const key: RollupKey = {
        kind: 'task',
        week: isoWeek(t.closedAt),
        bpmnProcessId: t.bpmnProcessId,
        elementId: t.elementId,
        city: t.city ?? null,
        handler: t.assignee ?? null,
      };
      buckets.set(rollupId(key), key);
    }
  }
  if (endedInstanceIds.length) {
    for (const i of await instances
      .find({ _id: { $in: endedInstanceIds } }, { endedAt: 1, bpmnProcessId: 1, city: 1 })
      .lean<{ endedAt: Date; bpmnProcessId: string; city?: string }[]>()) {
      const key: RollupKey = {
        kind: 'process',
        week: isoWeek(i.endedAt),
        bpmnProcessId: i.bpmnProcessId,
        elementId: '-',
        city: i.city ?? null,
        handler: null,
      };
      buckets.set(rollupId(key), key);
    }
  }
  const now = new Date();
  for (const [id, key] of buckets) {
    const weekEnd = new Date(key.week.getTime() + 7 * 86_400_000);
    const rows =
      key.kind === 'task'
        ? await tasks
            .find(
              {
                bpmnProcessId: key.bpmnProcessId,
                elementId: key.elementId,
                city: key.city,
                assignee: key.handler,
                closedAt: { $gte: key.week, $lt: weekEnd },
              },
              { state: 1, createdAt: 1, closedAt: 1, dueAt: 1, name: 1 },
            )
            .lean<{ state: string; createdAt: Date; closedAt: Date; dueAt?: Date | null; name?: string }[]>()
        : (
            await instances
              .find(
                {
                  bpmnProcessId: key.bpmnProcessId,
                  city: key.city,
                  endedAt: { $gte: key.week, $lt: weekEnd },
                },
                { state: 1, startedAt: 1, endedAt: 1, slaDueAt: 1, firstTimeResolved: 1 },
              )
              .lean<
                {
                  state: string;
                  startedAt: Date;
                  endedAt: Date;
                  slaDueAt?: Date | null;
                  firstTimeResolved?: boolean;
                }[]
              >()
          ).map((i) => ({
            state: i.state === 'COMPLETED' ? 'completed' : 'canceled',
            createdAt: i.startedAt,
            closedAt: i.endedAt,
            dueAt: i.slaDueAt,
            firstTimeResolved: i.firstTimeResolved,
          }));
    const completed = rows.filter((r) => r.state === 'completed');
    const withSla = completed.filter((r) => r.dueAt);
    const met = withSla.filter((r) => r.closedAt.getTime() <= r.dueAt!.getTime()).length;
    await rollups.updateOne(
      { _id: id },
      {
        $set: {
          ...key,
          name: (rows[0] as { name?: string } | undefined)?.name ?? null,
          completed: completed.length,
          canceled: rows.length - completed.length,
          withSla: withSla.length,
          slaMet: met,
          breached: withSla.length - met,
          durationsMs: completed
            .map((r) => r.closedAt.getTime() - r.createdAt.getTime())
            .sort((a, b) => a - b),
          firstTimeResolved:
            key.bpmnProcessId === COMPLAINT_PROCESS
              ? completed.filter((r) => (r as { firstTimeResolved?: boolean }).firstTimeResolved).length
              : 0,
          updatedAt: now,
        },
      },
      { upsert: true },
    );
  }
}
