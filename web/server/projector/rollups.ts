/**
 * Dashboard roll-ups kept incrementally: when a task closes or an instance ends, its week's buckets get `$inc`
 * (weeks, not days: a FerretDB read costs per document, and the dashboard's default window is 12 weeks).
 * The projector delivers at least once, and MongoDB-wire servers here have no multi-document transactions,
 * so each count is made exactly once by a three-step guard:
 *   1. the closed row is read; a row marked `rolledUp` was counted already (only its guard is cleared);
 *   2. each bucket is incremented only if its `pending` list lacks the row, and the row joins the list in the
 *      same single-document update;
 *   3. the row is marked `rolledUp`, then it leaves the buckets' `pending` lists.
 * A crash between any two steps redelivers the batch: step 1 or 2 sees what was done and skips it.
 */
import type { Connection } from 'mongoose';
import { onlyDuplicateKeys } from '../../../models/duplicate-key';
import { findEach } from '../../../models/find-each';
import { settleAll } from './settle-all';
import type { DocumentChange } from './document-change';

const COMPLAINT_PROCESS = 'complaint-handling';

/** A closed task or ended instance, as the roll-ups need it. */
export interface ClosedRow {
  kind: 'task' | 'process';
  id: string;
  bpmnProcessId: string;
  /** Task element id (tasks only). */
  elementId?: string;
  name?: string | null;
  city: string | null;
  /** Who closed the task (tasks only). */
  assignee?: string | null;
  completed: boolean;
  createdAt: Date | null;
  closedAt: Date;
  dueAt: Date | null;
  firstTimeResolved?: boolean;
}

export interface RollupIncrement {
  id: string;
  key: {
    kind: 'task' | 'process' | 'handler';
    week: Date;
    bpmnProcessId: string;
    elementId: string;
    name: string | null;
    city: string | null;
    handler: string | null;
  };
  inc: Record<string, number>;
}

export function isoWeek(at: Date): Date {
  const day = (at.getUTCDay() + 6) % 7; // Monday 0
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day));
}

/** The duration bin of a row: quarter-octaves from one second (bin 0: up to 1 s). */
export function durationBin(ms: number): number {
  return ms <= 1000 ? 0 : Math.min(160, Math.ceil(4 * Math.log2(ms / 1000)));
}

/** The upper bound of a duration bin, in ms. */
export function durationBinUpperMs(bin: number): number {
  return Math.round(1000 * 2 ** (bin / 4));
}

/** The buckets one closed row counts in, and by how much. Pure: the bench seeds history with it too. */
export function rollupIncrements(row: ClosedRow): RollupIncrement[] {
  const week = isoWeek(row.closedAt);
  // every counter, zeros included: a new bucket then holds each field
  const inc: Record<string, number> = {
    completed: row.completed ? 1 : 0,
    canceled: row.completed ? 0 : 1,
    withSla: 0,
    slaMet: 0,
    breached: 0,
    durationSumMs: 0,
    firstTimeResolved: 0,
  };
  if (row.completed && row.createdAt) {
    const ms = Math.max(0, row.closedAt.getTime() - row.createdAt.getTime());
    inc.durationSumMs = ms;
    inc[`durationBins.b${durationBin(ms)}`] = 1;
  }
  if (row.completed && row.dueAt) {
    inc.withSla = 1;
    if (row.closedAt.getTime() <= row.dueAt.getTime()) inc.slaMet = 1;
    else inc.breached = 1;
  }
  if (row.completed && row.firstTimeResolved && row.bpmnProcessId === COMPLAINT_PROCESS)
    inc.firstTimeResolved = 1;
  const base = { week, bpmnProcessId: row.bpmnProcessId, city: row.city };
  const id = (kind: string, elementId: string, handler: string | null) =>
    [
      kind,
      week.toISOString().slice(0, 10),
      row.bpmnProcessId,
      elementId,
      row.city ?? '-',
      handler ?? '-',
    ].join('|');
  if (row.kind === 'process') {
    return [
      {
        id: id('process', '-', null),
        key: { ...base, kind: 'process', elementId: '-', name: null, handler: null },
        inc,
      },
    ];
  }
  const elementId = row.elementId ?? '-';
  const handler = row.assignee ?? null;
  return [
    {
      id: id('task', elementId, null),
      key: { ...base, kind: 'task', elementId, name: row.name ?? null, handler: null },
      inc,
    },
    {
      id: id('handler', '-', handler),
      key: { ...base, kind: 'handler', elementId: '-', name: null, handler },
      inc,
    },
  ];
}

interface TaskDoc {
  _id: string;
  bpmnProcessId: string;
  elementId: string;
  name?: string | null;
  city?: string | null;
  assignee?: string | null;
  state: string;
  createdAt?: Date | null;
  closedAt?: Date | null;
  dueAt?: Date | null;
  rolledUp?: boolean;
}

interface InstanceDoc {
  _id: string;
  bpmnProcessId: string;
  city?: string | null;
  state: string;
  startedAt?: Date | null;
  endedAt?: Date | null;
  slaDueAt?: Date | null;
  firstTimeResolved?: boolean | null;
  rolledUp?: boolean;
}

function closedRowOf(kind: 'task', doc: TaskDoc): ClosedRow | null;
function closedRowOf(kind: 'process', doc: InstanceDoc): ClosedRow | null;
function closedRowOf(kind: 'task' | 'process', doc: TaskDoc | InstanceDoc): ClosedRow | null {
  if (kind === 'task') {
    const t = doc as TaskDoc;
    if (!t.closedAt || t.state === 'open') return null;
    return {
      kind,
      id: t._id,
      bpmnProcessId: t.bpmnProcessId,
      elementId: t.elementId,
      name: t.name ?? null,
      city: t.city ?? null,
      assignee: t.assignee ?? null,
      completed: t.state === 'completed',
      createdAt: t.createdAt ?? null,
      closedAt: t.closedAt,
      dueAt: t.dueAt ?? null,
    };
  }
  const i = doc as InstanceDoc;
  if (!i.endedAt || i.state === 'ACTIVE') return null;
  return {
    kind,
    id: i._id,
    bpmnProcessId: i.bpmnProcessId,
    city: i.city ?? null,
    completed: i.state === 'COMPLETED',
    createdAt: i.startedAt ?? null,
    closedAt: i.endedAt,
    dueAt: i.slaDueAt ?? null,
    firstTimeResolved: i.firstTimeResolved === true,
  };
}

/** Counts the tasks a batch closed and the instances it ended into their roll-ups, exactly once each. */
export async function applyRollups(mongo: Connection, changes: DocumentChange[]): Promise<void> {
  const closedTaskIds = changes
    .filter((c) => c.collection === 'usertasks' && c.set.closedAt)
    .map((c) => c.id);
  const endedInstanceIds = changes
    .filter((c) => c.collection === 'processinstances' && c.set.endedAt)
    .map((c) => c.id);
  if (closedTaskIds.length === 0 && endedInstanceIds.length === 0) return;
  const rollups = mongo.collection<{ _id: string }>('dashboardrollups');

  // step 1: the rows as projected now (one `_id` read each: FerretDB does not push `$in` down)
  const [taskDocs, instanceDocs] = await Promise.all([
    findEach<TaskDoc>(mongo, 'usertasks', '_id', closedTaskIds),
    findEach<InstanceDoc>(mongo, 'processinstances', '_id', endedInstanceIds),
  ]);
  const rows: { row: ClosedRow; done: boolean; collection: 'usertasks' | 'processinstances' }[] = [];
  for (const doc of taskDocs) {
    const row = closedRowOf('task', doc);
    if (row) rows.push({ row, done: doc.rolledUp === true, collection: 'usertasks' });
  }
  for (const doc of instanceDocs) {
    const row = closedRowOf('process', doc);
    if (row) rows.push({ row, done: doc.rolledUp === true, collection: 'processinstances' });
  }
  if (rows.length === 0) return;

  // step 2: guarded increments; a bucket that lists the row already fails the filter and its upsert collides
  const now = new Date();
  const increments = rows
    .filter((r) => !r.done)
    .flatMap(({ row }) => rollupIncrements(row).map((increment) => ({ row, increment })));
  if (increments.length) {
    await perBucket(
      increments.map(({ row, increment }) => ({
        updateOne: {
          filter: { _id: increment.id, pending: { $ne: row.id } },
          update: {
            $inc: increment.inc,
            $set: { ...increment.key, updatedAt: now },
            $push: { pending: row.id },
          },
          upsert: true,
        },
      })),
      async (operations) => {
        try {
          await rollups.bulkWrite(operations as never, { ordered: false });
        } catch (err) {
          if (!onlyDuplicateKeys(err)) throw err;
        }
      },
    );
  }

  // step 3: mark the rows counted, then clear the guards (also those a crashed earlier attempt left)
  await Promise.all(
    (['usertasks', 'processinstances'] as const).map(async (collection) => {
      const ids = rows.filter((r) => !r.done && r.collection === collection).map((r) => r.row.id);
      if (ids.length)
        await mongo.collection<{ _id: string }>(collection).bulkWrite(
          ids.map((id) => ({ updateOne: { filter: { _id: id }, update: { $set: { rolledUp: true } } } })),
          { ordered: false },
        );
    }),
  );
  await perBucket(
    rows.flatMap(({ row }) =>
      rollupIncrements(row).map((increment) => ({
        updateOne: { filter: { _id: increment.id, pending: row.id }, update: { $pull: { pending: row.id } } },
      })),
    ),
    async (operations) => {
      await rollups.bulkWrite(operations, { ordered: false });
    },
  );
}

const BUCKET_BULKS = 4;

/**
 * Sends bucket updates as a few bulks at once. FerretDB updates a document by reading and writing all of it
 * back with no lock between: two concurrent updates of one bucket would lose a count, so every update of a
 * bucket goes in the same bulk (whose statements FerretDB runs one after the other).
 */
async function perBucket<T extends { updateOne: { filter: { _id: string } } }>(
  operations: T[],
  send: (operations: T[]) => Promise<void>,
): Promise<void> {
  const byBucket = new Map<string, T[]>();
  for (const op of operations)
    byBucket.set(op.updateOne.filter._id, [...(byBucket.get(op.updateOne.filter._id) ?? []), op]);
  const bulks: T[][] = Array.from({ length: Math.min(BUCKET_BULKS, byBucket.size) }, () => []);
  for (const ops of [...byBucket.values()].sort((a, b) => b.length - a.length))
    bulks.reduce((smallest, bulk) => (bulk.length < smallest.length ? bulk : smallest)).push(...ops);
  await settleAll(bulks.map(send));
}
