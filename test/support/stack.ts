import crypto from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { ZBClient } from 'zeebe-node';
import { mongoConnectionOptions } from '../../models/connection-options';

/** Addresses of the stack the jest global setup started. */
export function stackEnv(): { zeebeAddress: string; redisUrl: string; mongoUri: string } {
  const { ZEEBE_ADDRESS, REDIS_URL, MONGODB_URI } = process.env;
  if (!ZEEBE_ADDRESS || !REDIS_URL || !MONGODB_URI) {
    throw new Error('the test stack is not up: run the tests with jest, whose global setup starts it');
  }
  return { zeebeAddress: ZEEBE_ADDRESS, redisUrl: REDIS_URL, mongoUri: MONGODB_URI };
}

/** A client for tests; short long-polls, so closing a test's workers does not wait for a 30 s poll. */
export function createZeebeClient(): ZBClient {
  return new ZBClient(stackEnv().zeebeAddress, {
    loglevel: 'NONE',
    retry: true,
    maxRetries: 20,
    longPoll: 2000,
  });
}

/** The `gcflow` database the global projector writes into. */
export function connectProjection(): Promise<Connection> {
  return mongoose.createConnection(stackEnv().mongoUri, mongoConnectionOptions('gcflow')).asPromise();
}

/** A fresh, empty database of its own for one test file (workers' and API tests' own data). */
export function connectTestDatabase(purpose: string): Promise<Connection> {
  const dbName = `test_${purpose.replace(/[^a-z0-9]/gi, '_')}_${crypto.randomBytes(4).toString('hex')}`;
  return mongoose.createConnection(stackEnv().mongoUri, mongoConnectionOptions(dbName)).asPromise();
}

/**
 * Polls `probe` until it returns a value (not undefined/null/false); fails after the timeout naming what it
 * waited for and the last value seen.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { what: string; timeoutMs?: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== undefined && last !== null && last !== false) return last as T;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  throw new Error(`timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${options.what}`);
}
