import os from 'node:os';
import path from 'node:path';
import { startTestStack } from './support/test-stack';

/**
 * Brings up the real stack once for the whole run, on free ports with fresh data directories: Zeebe with the
 * Redis exporter, Redis, FerretDB (or mongod), and the projector writing into the `gcflow` database.
 * Test files find it through ZEEBE_ADDRESS, REDIS_URL and MONGODB_URI.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const running = await startTestStack(path.join(os.tmpdir(), `gcflow-test-${process.pid}`));
  process.env.ZEEBE_ADDRESS = running.stack.zeebeAddress;
  process.env.REDIS_URL = running.stack.redisUrl;
  process.env.MONGODB_URI = running.stack.mongoUri;
  process.env.MONGODB_DB = 'gcflow';
  process.env.GCFLOW_STACK_LOGS = running.stack.logDir;
  (globalThis as { __gcflowTestStack?: unknown }).__gcflowTestStack = running;
  process.stdout.write(
    `\ntest stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: zeebe ${running.stack.zeebeAddress}, ` +
      `${running.stack.redisUrl}, ${running.stack.mongoKind} ${running.stack.mongoUri}\n`,
  );
}
