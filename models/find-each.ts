import type { Connection, mongo } from 'mongoose';

/**
 * The documents of `collection` whose `field` equals one of `keys` (plus `filter`), read one key at a time,
 * at most `concurrency` reads in flight. FerretDB 1.24 never pushes `$in` down: `{ field: { $in: keys } }`
 * fetches and decodes the whole collection, however few the keys. An equality is pushed down and served by
 * an index (scripts/stack/ferretdb-equality-indexes.ts), so a few indexed reads beat one scan once the
 * collection holds more than a few thousand documents.
 */
export async function findEach<T extends mongo.Document>(
  conn: Connection,
  collection: string,
  field: string,
  keys: Iterable<string>,
  options: { filter?: mongo.Filter<T>; projection?: mongo.Document; concurrency?: number } = {},
): Promise<T[]> {
  const pending = [...new Set(keys)];
  const found: T[] = [];
  const coll = conn.collection<T>(collection);
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 8, pending.length) }, async () => {
      for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
        const filter = { ...options.filter, [field]: key } as mongo.Filter<T>;
        found.push(...((await coll.find(filter, { projection: options.projection }).toArray()) as T[]));
      }
    }),
  );
  return found;
}
