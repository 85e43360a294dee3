/**
 * Fields the projection derives from what it already holds rather than from one record: names from the BPMN
 * XML, the customer context (city, customer) from process variables, durations and due dates. Records of
 * different streams arrive in different batches (a task's JOB record before its instance's VARIABLE records,
 * or after), so each derivation is recomputed from the projection whenever one of its inputs changes: the
 * result does not depend on arrival order and a replay derives the same values. Computed after the batch's
 * inputs (variables, element instances, definitions) are written and before its instances and tasks are,
 * so these are written once, with their derived fields, by their own guarded write.
 */
import type { Connection } from 'mongoose';
import { findEach } from '../../../models/find-each';
import { processInstanceModel } from '../../../models/process-instance';
import { elementNames } from '../processes/element-names';
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

function asDate(value: unknown): Date | null {
  if (typeof value !== 'string' && !(value instanceof Date)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
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

/** Derived fields per document id, for the documents of one collection. */
export type DerivedFields = Map<string, Record<string, unknown>>;

export interface Derivation {
  processinstances: DerivedFields;
  usertasks: DerivedFields;
  /** Instances whose city is known now: their called children still without one take it. */
  childContexts: Map<string, Context>;
}

type Stored = { _id: string; position?: number } & Record<string, unknown>;

/**
 * What a document holds once the batch's change to it is written: the stored fields with the change's on
 * top, or the change's alone for a new document. A stale change loses the guarded write, so it counts for
 * nothing here either.
 */
function afterChange(stored: Stored | undefined, change: DocumentChange | undefined): Stored | undefined {
  if (!change) return stored;
  if (stored && (stored.position ?? -1) >= change.position) return stored;
  return { ...(stored ? {} : change.setOnInsert), ...stored, ...change.set, _id: change.id } as Stored;
}

/** The documents with these ids as the batch leaves them (stored ones merged with the batch's changes). */
function afterBatch(stored: Stored[], changes: DocumentChange[], ids: Iterable<string>): Map<string, Stored> {
  const storedById = new Map(stored.map((row) => [String(row._id), row]));
  const changeById = new Map(changes.map((c) => [c.id, c]));
  const rows = new Map<string, Stored>();
  for (const id of new Set([...storedById.keys(), ...ids])) {
    const row = afterChange(storedById.get(id), changeById.get(id));
    if (row) rows.set(id, row);
  }
  return rows;
}

/**
 * Derives the fields of the batch's instances and tasks, and of the open tasks and instances whose context
 * the batch changes: names, customer context, due dates, durations. Reads the projection as the batch will
 * leave it: what it reads of the inputs (variables, element instances, definitions) only once
 * `inputsWritten` has settled, the instances and tasks as stored with the batch's changes on top, so their
 * reads go at once, beside the inputs' write. Writes nothing: each document then gets its derived fields in
 * its own guarded write (applyDerived), so no reader sees one without them.
 */
export async function deriveFields(
  mongo: Connection,
  changes: DocumentChange[],
  inputsWritten: Promise<unknown> = Promise.resolve(),
): Promise<Derivation> {
  const instanceChanges = changes.filter((c) => c.collection === 'processinstances');
  const taskChanges = changes.filter((c) => c.collection === 'usertasks');
  const durations = endedDurations(mongo, changes, 'processinstances');
  const derivation: Derivation = {
    processinstances: new Map(),
    usertasks: new Map(),
    childContexts: new Map(),
  };

  // which instances' context may have changed: new instances, and context variables written
  const contextInstanceKeys = new Set<string>();
  // whose context variables the batch writes: only these can give children started earlier a context
  const variablesWritten = new Set<string>();
  for (const change of changes) {
    if (change.collection === 'processinstances' && change.setOnInsert?.bpmnProcessId)
      contextInstanceKeys.add(change.id);
    if (
      change.collection === 'processvariables' &&
      (CONTEXT_VARIABLES as readonly string[]).includes(String(change.set.name))
    ) {
      contextInstanceKeys.add(String(change.set.processInstanceKey));
      variablesWritten.add(String(change.set.processInstanceKey));
    }
  }
  const taskIds = taskChanges.map((c) => c.id);
  if (taskIds.length === 0 && contextInstanceKeys.size === 0) {
    derivation.processinstances = await durations;
    return derivation;
  }
  // one indexed equality read per key (findEach): FerretDB pushes neither $in nor $or down, and a full
  // fetch of the growing task, instance and variable collections per batch made the projection minutes late
  const taskProjection = {
    position: 1,
    processInstanceKey: 1,
    elementInstanceKey: 1,
    elementId: 1,
    processDefinitionKey: 1,
    dueDate: 1,
    createdAt: 1,
    closedAt: 1,
  };
  // a task's instance is a fact of its records: the instances and their variables are read beside the tasks
  const knownInstanceKeys = new Set(contextInstanceKeys);
  for (const change of taskChanges)
    if (change.setOnInsert?.processInstanceKey)
      knownInstanceKeys.add(String(change.setOnInsert.processInstanceKey));
  const readInstances = (keys: string[]) =>
    Promise.all([
      findEach<Stored>(mongo, 'processinstances', '_id', keys, {
        projection: { position: 1, parentProcessInstanceKey: 1 },
      }),
      contextVariables(mongo, changes, keys),
    ]);
  const [storedTaskLists, instancesRead, processDurations] = await Promise.all([
    Promise.all([
      findEach<Stored>(mongo, 'usertasks', '_id', taskIds, { projection: taskProjection }),
      findEach<Stored>(mongo, 'usertasks', 'processInstanceKey', contextInstanceKeys, {
        filter: { state: 'open' },
        projection: taskProjection,
      }),
    ]),
    readInstances([...knownInstanceKeys].filter(Boolean)),
    durations,
  ]);
  derivation.processinstances = processDurations;
  const storedTasks = [...new Map(storedTaskLists.flat().map((row) => [String(row._id), row])).values()];
  const taskRows = [...afterBatch(storedTasks, taskChanges, taskIds).values()].filter(
    (t) => t.processInstanceKey,
  ) as unknown as TaskRow[];
  for (const task of taskRows) contextInstanceKeys.add(task.processInstanceKey);
  const instanceKeys = [...contextInstanceKeys].filter(Boolean);
  if (instanceKeys.length === 0) return derivation;
  // a stored task of an instance not known from the batch (none expected): its instance is read now
  const missed = instanceKeys.filter((key) => !knownInstanceKeys.has(key));
  const [storedInstances, variableRows] = instancesRead;
  if (missed.length) {
    const [moreInstances, moreVariables] = await readInstances(missed);
    storedInstances.push(...moreInstances);
    variableRows.push(...moreVariables);
  }
  const instanceRows = afterBatch(
    storedInstances,
    instanceChanges,
    instanceChanges.map((c) => c.id).filter((id) => contextInstanceKeys.has(id)),
  );
  const byInstance = new Map<string, VariableRow[]>();
  for (const row of variableRows) {
    byInstance.set(row.processInstanceKey, [
      ...(byInstance.get(row.processInstanceKey) ?? []),
      row as VariableRow,
    ]);
  }
  // a called process without the customer variables takes its parent's (call activities pass only some);
  // a parent this batch derives too is taken as derived, the others as stored
  const parentKeys = [...instanceRows.values()]
    .map((i) => i.parentProcessInstanceKey)
    .filter((k): k is string => typeof k === 'string' && !instanceRows.has(k));
  const storedParents = new Map(
    (
      await findEach<Stored>(mongo, 'processinstances', '_id', parentKeys, {
        projection: { city: 1, customerId: 1, customerName: 1, industry: 1 },
      })
    ).map((p) => [String(p._id), p as Context]),
  );
  const instanceContext = new Map<string, Context>();
  const contextOf = (key: string, depth = 0): Context | undefined => {
    const known = instanceContext.get(key);
    if (known) return known;
    const instance = instanceRows.get(key);
    if (!instance) return storedParents.get(key);
    const own = contextFor(byInstance.get(key) ?? [], [key]);
    const parentKey = instance.parentProcessInstanceKey;
    // call depth is small; the bound only guards against a cycle in bad data
    const parent = typeof parentKey === 'string' && depth < 16 ? contextOf(parentKey, depth + 1) : undefined;
    const context: Context = {
      city: own.city ?? parent?.city ?? null,
      customerId: own.customerId ?? parent?.customerId ?? null,
      customerName: own.customerName ?? parent?.customerName ?? null,
      industry: own.industry ?? parent?.industry ?? null,
      slaDueAt: asDate(own.slaDueAt),
      slaWarnAt: asDate(own.slaWarnAt),
      firstTimeResolved: own.firstTimeResolved === true,
    };
    instanceContext.set(key, context);
    return context;
  };
  for (const key of instanceRows.keys()) {
    const context = contextOf(key)!;
    derivation.processinstances.set(key, { ...derivation.processinstances.get(key), ...context });
    // children started before their parent's context arrived (a child started later takes it when derived)
    if (context.city && variablesWritten.has(key)) derivation.childContexts.set(key, context);
  }

  // element instances and definitions the batch writes are read below
  await inputsWritten;
  // tasks: context from the innermost scope holding the variable (multi-instance bodies carry their own)
  const scopeChains = await scopeChainsOf(
    mongo,
    taskRows.map((t) => t.elementInstanceKey),
    changes,
    new Set(taskRows.map((t) => t.processInstanceKey)),
  );
  for (const task of taskRows) {
    const scoped = contextFor(byInstance.get(task.processInstanceKey) ?? [], [
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
    const closedAt = asDate(task.closedAt);
    const createdAt = asDate(task.createdAt);
    if (closedAt && createdAt) set.durationMs = closedAt.getTime() - createdAt.getTime();
    derivation.usertasks.set(task._id, set);
  }
  return derivation;
}

/**
 * The context variables of these instances as the batch leaves them: the stored ones with the batch's on top,
 * so the read need not wait for the batch's variables to be written.
 */
async function contextVariables(
  mongo: Connection,
  changes: DocumentChange[],
  instanceKeys: string[],
): Promise<(VariableRow & { processInstanceKey: string })[]> {
  const keys = new Set(instanceKeys);
  const written = changes.filter(
    (c) =>
      c.collection === 'processvariables' &&
      keys.has(String(c.set.processInstanceKey)) &&
      (CONTEXT_VARIABLES as readonly string[]).includes(String(c.set.name)),
  );
  const stored = await findEach<Stored>(mongo, 'processvariables', 'processInstanceKey', instanceKeys, {
    filter: { name: { $in: [...CONTEXT_VARIABLES] } },
    projection: { processInstanceKey: 1, scopeKey: 1, name: 1, value: 1, position: 1 },
  });
  return [
    ...afterBatch(
      stored,
      written,
      written.map((c) => c.id),
    ).values(),
  ] as unknown as (VariableRow & {
    processInstanceKey: string;
  })[];
}

interface TaskRow {
  _id: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  processDefinitionKey: string;
  dueDate?: unknown;
  createdAt?: unknown;
  closedAt?: unknown;
}

/**
 * Puts derived fields into the batch's own change of each document, so the guarded write carries them;
 * returns plain updates for the documents the batch does not write otherwise (their inputs changed).
 */
export function applyDerived(
  changes: DocumentChange[],
  derived: DerivedFields,
): { updateOne: { filter: { _id: string }; update: { $set: Record<string, unknown> } } }[] {
  const changeById = new Map(changes.map((c) => [c.id, c]));
  const updates = [];
  for (const [id, fields] of derived) {
    const change = changeById.get(id);
    if (!change) {
      updates.push({ updateOne: { filter: { _id: id }, update: { $set: fields } } });
      continue;
    }
    Object.assign(change.set, fields);
    // a field both set and set-on-insert is an error in MongoDB; the derived value wins
    for (const field of Object.keys(fields)) delete change.setOnInsert?.[field];
  }
  return updates;
}

/** Called instances still without a city take their parent's, once the parent's is known. */
export async function fillChildContexts(mongo: Connection, parents: Map<string, Context>): Promise<void> {
  await Promise.all(
    [...parents].map(([key, context]) =>
      processInstanceModel(mongo).updateMany(
        { parentProcessInstanceKey: key, city: null },
        { $set: { city: context.city, customerId: context.customerId ?? null } },
      ),
    ),
  );
}

/**
 * Element instance keys → their enclosing scopes' keys, innermost first (sub-processes, multi-instance bodies).
 * Scopes are immutable facts: those of element instances the batch itself holds need no read, and a process
 * instance's key is its root scope (an element instance keyed like its process instance is the PROCESS).
 */
async function scopeChainsOf(
  mongo: Connection,
  elementInstanceKeys: string[],
  changes: DocumentChange[],
  processInstanceKeys: ReadonlySet<string>,
): Promise<Map<string, string[]>> {
  type ScopeRow = { _id: string; flowScopeKey?: string | null; bpmnElementType?: string };
  const known = new Map<string, ScopeRow>();
  for (const change of changes)
    if (change.collection === 'elementinstances' && change.setOnInsert?.bpmnElementType)
      known.set(change.id, {
        _id: change.id,
        flowScopeKey: change.setOnInsert.flowScopeKey as string | null,
        bpmnElementType: String(change.setOnInsert.bpmnElementType),
      });
  const chains = new Map<string, string[]>(elementInstanceKeys.map((k) => [k, [k]]));
  // current key → the task element keys whose chain goes through it
  let frontier = new Map(elementInstanceKeys.map((k) => [k, [k]]));
  for (let depth = 0; depth < 6 && frontier.size > 0; depth++) {
    const keys = [...frontier.keys()];
    const rows = [
      ...keys.flatMap((k) => known.get(k) ?? []),
      ...(await findEach<ScopeRow>(
        mongo,
        'elementinstances',
        '_id',
        keys.filter((k) => !known.has(k)),
        { projection: { flowScopeKey: 1, bpmnElementType: 1 } },
      )),
    ];
    const next = new Map<string, string[]>();
    for (const row of rows) {
      if (!row.flowScopeKey || row.bpmnElementType === 'PROCESS') continue;
      for (const origin of frontier.get(row._id) ?? []) {
        chains.get(origin)!.push(row.flowScopeKey);
        if (!processInstanceKeys.has(row.flowScopeKey))
          next.set(row.flowScopeKey, [...(next.get(row.flowScopeKey) ?? []), origin]);
      }
    }
    frontier = next;
  }
  return chains;
}

/**
 * `durationMs` of the batch's ended element or process instances: the end record does not carry the start,
 * which is in the change itself for one the batch starts (most elements start and end in one batch: no read),
 * else in the stored document.
 */
export async function endedDurations(
  mongo: Connection,
  changes: DocumentChange[],
  collection: 'elementinstances' | 'processinstances',
): Promise<DerivedFields> {
  const ended = changes.filter((c) => c.collection === collection && c.set.endedAt);
  const durations: DerivedFields = new Map();
  if (ended.length === 0) return durations;
  // a stored copy of a document the batch creates (a redelivery) holds the same start; if it is newer than
  // the change, the guarded write refuses the change and its duration with it
  const stored = new Map(
    (
      await findEach<{ _id: string; position?: number; startedAt?: Date }>(
        mongo,
        collection,
        '_id',
        ended.filter((c) => !c.creates).map((c) => c.id),
        { projection: { position: 1, startedAt: 1 } },
      )
    ).map((row) => [row._id, row]),
  );
  for (const change of ended) {
    const row = change.creates ? undefined : stored.get(change.id);
    if (row && (row.position ?? -1) >= change.position) continue; // stale: the guarded write will refuse it
    const startedAt = asDate(row ? row.startedAt : change.setOnInsert?.startedAt);
    const endedAt = asDate(change.set.endedAt);
    if (startedAt && endedAt)
      durations.set(change.id, { durationMs: endedAt.getTime() - startedAt.getTime() });
  }
  return durations;
}
