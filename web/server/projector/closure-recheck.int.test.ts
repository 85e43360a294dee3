import type { Connection } from 'mongoose';
import { connectTestDatabase } from '../../../test/support/stack';
import { createClosureRecheck } from './closure-recheck';
import { writeChanges, type DocumentChange } from './document-change';

const openTask = (id: string) => ({ _id: id, state: 'open', position: 10, assignee: null });
const closing = (id: string): DocumentChange => ({
  collection: 'usertasks',
  id,
  position: 20,
  set: { state: 'completed', closedAt: new Date('2026-03-04T10:00:00Z') },
});

/** On the real Mongo-wire server (FerretDB in CI), whose updates write whole documents back. */
describe('task closures checked again after the write', () => {
  let db: Connection;
  const tasks = () => db.collection<{ _id: string }>('usertasks');

  beforeAll(async () => {
    db = await connectTestDatabase('closure-recheck');
  });
  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('given a closure overwritten by a writer that read the task before it, when its time comes, then it is written again and the writer keeps its own field', async () => {
    await tasks().insertMany([openTask('lost'), openTask('kept')]);
    const recheck = createClosureRecheck({ delaysMs: [1000] });
    const changes = [closing('lost'), closing('kept')];
    await writeChanges(db, changes);
    recheck.remember(changes, 0);
    // what FerretDB's read-modify-write does to a concurrent writer's update: the whole stale task comes back
    await tasks().replaceOne({ _id: 'lost' }, { ...openTask('lost'), assignee: 'am.gz' });

    expect(await recheck.run(db, 500)).toBe(0); // not yet due
    expect(await recheck.run(db, 1000)).toBe(1);

    expect(await tasks().findOne({ _id: 'lost' })).toMatchObject({
      state: 'completed',
      position: 20,
      assignee: 'am.gz',
    });
    expect(await tasks().findOne({ _id: 'kept' })).toMatchObject({ state: 'completed', position: 20 });
    expect(recheck.restored()).toBe(1);
    // checked once per delay: nothing left to do
    expect(await recheck.run(db, 60_000)).toBe(0);
  });

  it('given an open task change, then it is not remembered (only closures can be lost this way into the inbox)', async () => {
    const recheck = createClosureRecheck({ delaysMs: [0] });
    recheck.remember([{ collection: 'usertasks', id: 'x', position: 1, set: { state: 'open' } }], 0);
    expect(await recheck.run(db, 1)).toBe(0);
  });
});
