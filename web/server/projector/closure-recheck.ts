import type { Connection } from 'mongoose';
import { findEach } from '../../../models/find-each';
import { writeChanges, type DocumentChange } from './document-change';

const CLOSED_TASK_STATES = new Set(['completed', 'canceled']);

/**
 * FerretDB 1.x updates a document by reading it and writing the whole of it back, with no lock in between
 * (handler/msg_update.go: Query, then UpdateAll's `UPDATE … SET _jsonb = $1 WHERE _id = $2`). Another writer
 * of a task (the API's claim or its completion marker, the assigner, the SLA monitor) that read the task
 * before the projector closed it writes it back open, position and all: the drill "broker restart" found a
 * task completed in the engine left open in the inbox. So the projector looks at its task closures again
 * a little later and writes any that were lost once more; the position guard makes this a no-op when nothing
 * was lost.
 */
export function createClosureRecheck(options: { delaysMs?: readonly number[] } = {}) {
  const delays = options.delaysMs ?? [2000, 15_000];
  let due: { at: number; round: number; change: DocumentChange }[] = [];
  let restored = 0;
  return {
    /** Remembers the batch's task closures, as written (derived fields included). */
    remember(changes: readonly DocumentChange[], now = Date.now()) {
      for (const change of changes)
        if (change.collection === 'usertasks' && CLOSED_TASK_STATES.has(String(change.set.state)))
          due.push({ at: now + delays[0]!, round: 0, change });
    },
    /** Checks the closures whose time has come; re-writes the lost ones. Returns how many it restored. */
    async run(mongo: Connection, now = Date.now()): Promise<number> {
      const ready = due.filter((d) => d.at <= now);
      if (ready.length === 0) return 0;
      due = due.filter((d) => d.at > now);
      const stored = await findEach<{ _id: string; position?: number }>(
        mongo,
        'usertasks',
        '_id',
        ready.map((d) => d.change.id),
        { projection: { position: 1 } },
      );
      const position = new Map(stored.map((s) => [String(s._id), s.position ?? -1]));
      const lost = ready.filter((d) => (position.get(d.change.id) ?? -1) < d.change.position);
      if (lost.length)
        await writeChanges(
          mongo,
          lost.map((d) => d.change),
        );
      restored += lost.length;
      for (const d of ready)
        if (d.round + 1 < delays.length)
          due.push({ ...d, at: now + delays[d.round + 1]!, round: d.round + 1 });
      return lost.length;
    },
    /** Closures written again so far (each one a lost update caught). */
    restored: () => restored,
  };
}
