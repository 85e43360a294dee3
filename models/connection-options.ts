import type { ConnectOptions } from 'mongoose';

/**
 * Options of every gcflow Mongo connection. A small pool per connection: FerretDB (the local Mongo-wire
 * server) wedged when the test suite's many connections, each with the driver's default pool of 100, sent
 * more concurrent requests than its own PostgreSQL pool had connections while collections and indexes
 * were being created (requests waiting for a connection, the holders waiting for its metadata lock).
 */
export function mongoConnectionOptions(dbName: string): ConnectOptions {
  // with the store gone, an operation fails after 5 s (503 from the API, a retried job) instead of the
  // driver's 30 s; while the connection is known to be down, mongoose queues operations until it is back
  return { dbName, maxPoolSize: 10, serverSelectionTimeoutMS: 5000 };
}
