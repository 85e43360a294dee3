/**
 * The deployment entry point: gcflow on an engine, Redis and Mongo that run elsewhere (docker-compose.yml).
 * Unlike `npm start` it starts no local servers and requires ZEEBE_ADDRESS, REDIS_URL and MONGODB_URI.
 */
import { loadConfig } from '../../config';
import { exitWithParent } from './exit-with-parent';
import { startGcflow, type RunningGcflow } from './gcflow';

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

async function run(): Promise<void> {
  const config = loadConfig();
  const { ZEEBE_ADDRESS, REDIS_URL, MONGODB_URI } = config;
  if (!ZEEBE_ADDRESS || !REDIS_URL || !MONGODB_URI) {
    throw new Error(
      'ZEEBE_ADDRESS, REDIS_URL and MONGODB_URI are required (use `npm start` for a local stack)',
    );
  }
  const running: { gcflow?: RunningGcflow } = {};
  // started by a bench or test: leave with it rather than spin against its stack once it is gone
  if (config.GCFLOW_PARENT_PID)
    exitWithParent({ pid: config.GCFLOW_PARENT_PID, onGone: () => running.gcflow?.stop() });
  const gcflow: RunningGcflow = await startGcflow(
    config,
    { zeebeAddress: ZEEBE_ADDRESS, redisUrl: REDIS_URL, mongoUri: MONGODB_URI },
    log,
    config.GCFLOW_ROLES,
  );
  running.gcflow = gcflow;
  const shutdown = async () => {
    await gcflow.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  log(`gcflow running: ${config.GCFLOW_ROLES.join(', ')}${gcflow.url ? ` at ${gcflow.url}` : ''}`);
}

run().catch((err: Error) => {
  log(`failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
