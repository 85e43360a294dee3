import type { Connection } from 'mongoose';
import { bulkWriteErrors, onlyDuplicateKeys } from '../../../models/duplicate-key';
import { settleAll } from './settle-all';

/**
 * One record's effect on one projected document. Changes of a batch are folded per document in log order,
 * then written as one upsert guarded by the record position: a replayed (older) record changes nothing.
 */
export interface DocumentChange {
  collection: ProjectedCollection;
  id: string;
  position: number;
  set: Record<string, unknown>;
  /** Fields written only when the document is created. */
  setOnInsert?: Record<string, unknown>;
  /**
   * The record creates the document (an element's activation): its `setOnInsert` is the document's first
   * state, so the batch that holds it needs no read to know it. Folded, the batch's earliest record decides.
   */
  creates?: boolean;
}

export type ProjectedCollection =
  | 'processinstances'
  | 'elementinstances'
  | 'usertasks'
  | 'processdefinitions'
  | 'incidents'
  | 'processvariables';

export function foldChanges(changes: DocumentChange[]): DocumentChange[] {
  const folded = new Map<string, DocumentChange>();
  for (const change of [...changes].sort((a, b) => a.position - b.position)) {
    const id = `${change.collection}/${change.id}`;
    const previous = folded.get(id);
    if (!previous) {
      folded.set(id, { ...change, set: { ...change.set }, setOnInsert: { ...change.setOnInsert } });
      continue;
    }
    previous.position = change.position;
    Object.assign(previous.set, change.set);
    for (const [field, value] of Object.entries(change.setOnInsert ?? {})) {
      if (!(field in previous.setOnInsert!) && !(field in previous.set)) previous.setOnInsert![field] = value;
    }
  }
  // a field both set and set-on-insert is an error in MongoDB; the set wins
  for (const change of folded.values()) {
    for (const field of Object.keys(change.setOnInsert ?? {}))
      if (field in change.set) delete change.setOnInsert![field];
  }
  return [...folded.values()];
}

/**
 * FerretDB runs the statements of one bulk one after the other (a read and a write each); folded changes
 * touch distinct documents, so a collection's changes go as several bulks at once, over the pool.
 */
const BULK_SIZE = 50;

/** Writes folded changes, unordered bulks per collection; a stale change loses the upsert race harmlessly. */
export async function writeChanges(conn: Connection, changes: DocumentChange[]): Promise<void> {
  const bulks: [ProjectedCollection, DocumentChange[]][] = [];
  const byCollection = new Map<ProjectedCollection, DocumentChange[]>();
  for (const change of changes) {
    let list = byCollection.get(change.collection);
    if (!list || list.length >= BULK_SIZE) {
      list = [];
      byCollection.set(change.collection, list);
      bulks.push([change.collection, list]);
    }
    list.push(change);
  }
  await settleAll(
    bulks.map(async ([collection, list]) => {
      const coll = conn.collection<{ _id: string }>(collection);
      // a document the batch creates is inserted (FerretDB: one write; an upsert reads first); one that
      // exists already (a redelivery, or another writer first) takes the guarded upsert instead
      const created = list.filter((change) => change.creates);
      const rest = list.filter((change) => !change.creates);
      if (created.length) {
        try {
          await coll.insertMany(
            created.map((change) => ({
              ...change.setOnInsert,
              ...change.set,
              position: change.position,
              _id: change.id,
            })),
            { ordered: false },
          );
        } catch (err) {
          if (!onlyDuplicateKeys(err)) throw err;
          rest.push(...bulkWriteErrors(err).map((e) => created[e.index]!));
        }
      }
      if (rest.length === 0) return;
      const operations = rest.map((change) => ({
        updateOne: {
          filter: { _id: change.id, position: { $lt: change.position } },
          update: {
            $set: { ...change.set, position: change.position },
            ...(change.setOnInsert && Object.keys(change.setOnInsert).length
              ? { $setOnInsert: change.setOnInsert }
              : {}),
          },
          upsert: true,
        },
      }));
      try {
        await coll.bulkWrite(operations, { ordered: false });
      } catch (err) {
        // the document is newer than this change already: exactly what the guard is for
        if (!onlyDuplicateKeys(err)) throw err;
      }
    }),
  );
}
