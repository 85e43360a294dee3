import type { Connection } from 'mongoose';
import { connectTestDatabase } from '../../../test/support/stack';
import type { DocumentChange } from './document-change';
import { applyRollups, durationBin, rollupIncrements } from './rollups';

const DAY = new Date('2026-03-04T00:00:00Z'); // a Wednesday
const WEEK = new Date('2026-03-02T00:00:00Z');
const at = (hours: number) => new Date(DAY.getTime() + hours * 3_600_000);

/** A task as the projector leaves it once closed and derived. */
const closedTask = (id: string, over: Record<string, unknown> = {}) => ({
  _id: id,
  bpmnProcessId: 'rollup-test',
  elementId: 'Task_Review',
  name: '审核 Review',
  city: 'gz',
  assignee: 'am.gz',
  state: 'completed',
  createdAt: at(1),
  closedAt: at(3),
  dueAt: at(2),
  position: 1,
  ...over,
});

const closing = (id: string): DocumentChange => ({
  collection: 'usertasks',
  id,
  position: 2,
  set: { state: 'completed', closedAt: at(3) },
});

/** The roll-ups on the real Mongo-wire server (FerretDB in CI), redelivery included. */
describe('dashboard roll-ups', () => {
  let db: Connection;
  const rollup = (kind: string) =>
    db.collection('dashboardrollups').findOne({ kind, bpmnProcessId: 'rollup-test', week: WEEK });

  beforeAll(async () => {
    db = await connectTestDatabase('rollups');
  });
  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('given a task closing, then its task and handler buckets count it once, even when the batch comes again', async () => {
    await db.collection<{ _id: string }>('usertasks').insertOne(closedTask('t1'));
    await applyRollups(db, [closing('t1')]);
    // redelivered batch: the task is marked counted
    await applyRollups(db, [closing('t1')]);
    const task = await rollup('task');
    expect(task).toMatchObject({
      _id: 'task|2026-03-02|rollup-test|Task_Review|gz|-',
      name: '审核 Review',
      completed: 1,
      withSla: 1,
      slaMet: 0,
      breached: 1,
      durationSumMs: 2 * 3_600_000,
      durationBins: { [`b${durationBin(2 * 3_600_000)}`]: 1 },
      pending: [],
    });
    expect(await rollup('handler')).toMatchObject({ handler: 'am.gz', completed: 1, breached: 1 });
    expect(await db.collection('usertasks').findOne({ _id: 't1' as never })).toMatchObject({
      rolledUp: true,
    });
  });

  it('given a crash after the increment and before the mark, then the redelivery does not count twice', async () => {
    await db.collection<{ _id: string }>('usertasks').insertOne(closedTask('t2', { dueAt: at(5) }));
    // what step 2 of a crashed attempt leaves: the buckets incremented and listing the task as pending
    for (const increment of rollupIncrements({
      kind: 'task',
      id: 't2',
      bpmnProcessId: 'rollup-test',
      elementId: 'Task_Review',
      name: '审核 Review',
      city: 'gz',
      assignee: 'am.gz',
      completed: true,
      createdAt: at(1),
      closedAt: at(3),
      dueAt: at(5),
    }))
      await db
        .collection<{ _id: string }>('dashboardrollups')
        .updateOne(
          { _id: increment.id },
          { $inc: increment.inc, $set: increment.key, $push: { pending: 't2' } },
          { upsert: true },
        );
    await applyRollups(db, [closing('t2')]);
    expect(await rollup('task')).toMatchObject({
      completed: 2,
      withSla: 2,
      slaMet: 1,
      breached: 1,
      pending: [],
    });
    expect(await rollup('handler')).toMatchObject({ completed: 2, pending: [] });
  });

  it('given a canceled task and an ended complaint instance, then canceled and process figures', async () => {
    await db
      .collection<{ _id: string }>('usertasks')
      .insertOne(closedTask('t3', { state: 'canceled', dueAt: null }));
    await db.collection<{ _id: string; [field: string]: unknown }>('processinstances').insertOne({
      _id: 'i1',
      bpmnProcessId: 'rollup-test',
      city: 'gz',
      state: 'COMPLETED',
      startedAt: at(0),
      endedAt: at(4),
      slaDueAt: at(6),
      firstTimeResolved: true,
    });
    await applyRollups(db, [
      closing('t3'),
      { collection: 'processinstances', id: 'i1', position: 3, set: { state: 'COMPLETED', endedAt: at(4) } },
    ]);
    expect(await rollup('task')).toMatchObject({ completed: 2, canceled: 1 });
    expect(await rollup('process')).toMatchObject({
      completed: 1,
      withSla: 1,
      slaMet: 1,
      durationSumMs: 4 * 3_600_000,
      // first-time resolution is counted for complaints only
      firstTimeResolved: 0,
    });
  });
});
