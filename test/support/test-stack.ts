import fs from 'node:fs';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { startLocalStack, type LocalStack } from '../../scripts/stack';
import { startProjector, type Projector } from '../../web/server/projector';
import { mongoConnectionOptions } from '../../models/connection-options';

export interface RunningTestStack {
  stack: LocalStack;
  projector: Projector;
  stop(): Promise<void>;
}

/** The stack of `npm start`, on free ports and fresh directories, with the projector of the `gcflow` database. */
export async function startTestStack(stateDir: string): Promise<RunningTestStack> {
  const stack = await startLocalStack({
    stateDir,
    fresh: true,
    ports: 'free',
    // a short export cycle keeps the tests quick; production keeps the exporter's default
    exportCycleMillis: 50,
    external: {
      zeebeAddress: process.env.ZEEBE_ADDRESS,
      redisUrl: process.env.REDIS_URL,
      mongoUri: process.env.MONGODB_URI,
    },
  });
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: null });
  const mongo = await mongoose.createConnection(stack.mongoUri, mongoConnectionOptions('gcflow')).asPromise();
  const projector = await startProjector({
    redis,
    mongo,
    group: 'gcflow-projector',
    consumer: 'test-projector',
    log: (line) => fs.appendFileSync(`${stack.logDir}/projector.log`, `${line}\n`),
  });
  return {
    stack,
    projector,
    async stop() {
      await projector.stop();
      redis.disconnect();
      await mongo.close();
      await stack.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
