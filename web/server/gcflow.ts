import crypto from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import { ZBClient } from 'zeebe-node';
import { publicBaseUrl, type Config } from '../../config';
import { deployAllProcesses, type DeployResult } from '../../processes/deploy';
import { startJobWorkers, type RunningWorkers } from '../../workers';
import { startTaskAssigner, type RunningPoller } from '../../workers/assignment/task-assigner';
import { startSlaMonitor } from '../../workers/sla/sla-monitor';
import { createApiRouter } from './api';
import { createApp } from './app';
import { seedDemoData } from './demo/seed-demo-data';
import { listen, type RunningHttpServer } from './http-server';
import { storeDeployedResources } from './processes/deployed-resources';
import { startProjector, type Projector } from './projector';
import { createSurveyRouter } from './surveys/routes';
import { mongoConnectionOptions } from '../../models/connection-options';

export interface GcflowAddresses {
  zeebeAddress: string;
  redisUrl: string;
  mongoUri: string;
}

/** The parts one process runs: all of them locally; split across containers in a deployment. */
export type GcflowRole = 'web' | 'projector' | 'workers' | 'deploy';
export const ALL_ROLES: readonly GcflowRole[] = ['web', 'projector', 'workers', 'deploy'];

export interface RunningGcflow {
  /** The web server's URL; undefined when this process does not serve the web. */
  url: string | undefined;
  deployed: DeployResult | undefined;
  mongo: Connection;
  zbc: ZBClient;
  /** Closes HTTP server, workers, projector, then the connections, in that order. */
  stop(): Promise<void>;
}

/**
 * gcflow itself, on a running engine, Redis and Mongo: the projector, the job workers and the web server;
 * deploys the processes and, outside production, seeds the demo data.
 */
export async function startGcflow(
  config: Config,
  addresses: GcflowAddresses,
  log: (line: string) => void,
  roles: readonly GcflowRole[] = ALL_ROLES,
): Promise<RunningGcflow> {
  const zbc = new ZBClient(addresses.zeebeAddress, {
    loglevel: 'NONE',
    retry: true,
    maxRetries: 10,
    longPoll: 10_000,
  });
  const mongo = await mongoose
    .createConnection(addresses.mongoUri, mongoConnectionOptions(config.MONGODB_DB))
    .asPromise();
  // the projector blocks its connection on XREADGROUP; everything else shares the other one
  const projectorRedis = new Redis(addresses.redisUrl, { maxRetriesPerRequest: null });
  const redis = new Redis(addresses.redisUrl, { maxRetriesPerRequest: 2 });
  for (const client of [projectorRedis, redis]) client.on('error', (err) => log(`redis: ${err.message}`));

  let projector: Projector | undefined;
  let workers: RunningWorkers | undefined;
  let pollers: RunningPoller[] = [];
  let server: RunningHttpServer | undefined;
  const stop = async () => {
    await server?.close();
    await Promise.all(pollers.map((p) => p.stop()));
    await workers?.close();
    await projector?.stop();
    await zbc.close();
    projectorRedis.disconnect();
    redis.disconnect();
    await mongo.close();
  };

  try {
    if (roles.includes('projector')) {
      projector = await startProjector({
        redis: projectorRedis,
        mongo,
        group: config.PROJECTOR_GROUP,
        consumer: config.PROJECTOR_CONSUMER,
        log,
      });
    }
    let deployed: DeployResult | undefined;
    if (roles.includes('deploy')) {
      deployed = await deployAllProcesses(zbc);
      await storeDeployedResources(mongo, deployed, new Date());
      log(
        `deployed ${deployed.processes.length} processes, ${deployed.decisions.length} decisions, ` +
          `${Object.keys(deployed.forms).length} forms`,
      );
      if (config.NODE_ENV !== 'production') {
        const seeded = await seedDemoData(mongo, {
          nodeEnv: config.NODE_ENV,
          demoPassword: config.DEMO_PASSWORD,
        });
        log(`demo data: ${seeded.staffCreated} accounts and ${seeded.customersCreated} customers created`);
      }
    }
    const now = () => new Date();
    if (roles.includes('web')) {
      const app = createApp({
        zbc,
        mongo,
        redis,
        projectorGroup: config.PROJECTOR_GROUP,
        log,
        webAppDir: path.resolve(__dirname, '../app/dist'),
        apiRouters: [
          createApiRouter({
            zbc,
            mongo,
            redis,
            projectorGroup: config.PROJECTOR_GROUP,
            // outside production a random secret per start: tokens of an earlier run stop working
            jwtSecret: config.JWT_SECRET ?? crypto.randomBytes(32).toString('hex'),
            log,
            now,
          }),
          createSurveyRouter({ zbc, mongo, now }),
        ],
      });
      server = await listen(app, config.PORT, config.HOST);
    }
    // after the web server: with PORT 0 only the listening server knows the address survey links use
    if (roles.includes('workers')) {
      if (!config.GCFLOW_PUBLIC_BASE_URL && config.NODE_ENV === 'production') {
        log('GCFLOW_PUBLIC_BASE_URL is not set: survey links point at the server address itself');
      }
      const linkBase = publicBaseUrl(config, server?.url);
      workers = startJobWorkers({ zbc, mongo, projection: mongo, log, now, publicBaseUrl: linkBase });
      // level-triggered pollers over the projection: safe with several worker replicas (decisions are keyed)
      pollers = [
        startTaskAssigner({ mongo, projection: mongo, log, now }),
        startSlaMonitor({ mongo, projection: mongo, log, now }),
      ];
    }
    return { url: server?.url, deployed, mongo, zbc, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
