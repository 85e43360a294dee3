import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import { ZBClient } from 'zeebe-node';
import { startLocalStack, type LocalStack, type StackPorts } from '../../scripts/stack';
import { defaultCacheDir } from '../../scripts/stack/artifacts';
import { spawnManaged, logTail, type ManagedProcess } from '../../scripts/stack/managed-process';
import { canConnect, freePort } from '../../scripts/stack/ports';
import { startRedis } from '../../scripts/stack/redis-server';
import { startZeebeBroker } from '../../scripts/stack/zeebe-broker';
import { loadConfig } from '../../config';
import type { GcflowRole } from '../../web/server/gcflow';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(ROOT, 'web', 'server', 'main.ts');

/** A gcflow process (web/server/main.ts) running some roles, killable like a real deployment's container. */
export interface GcflowProcess {
  roles: readonly GcflowRole[];
  proc: ManagedProcess;
  /** The web server's URL when the process serves the web. */
  url: string | undefined;
  /** SIGKILL to its process group: no shutdown hook runs. */
  kill9(): Promise<void>;
}

/**
 * The real local stack on free ports and fresh directories, with gcflow's roles in child processes, plus
 * the restarts the drills need (broker, Redis, Mongo-wire server) on the same ports and data.
 */
export interface StackUnderTest {
  stack: LocalStack;
  ports: StackPorts;
  stateDir: string;
  zbc: ZBClient;
  /** The `gcflow` database: projection and the workers' data. */
  db: Connection;
  redis: Redis;
  env: NodeJS.ProcessEnv;
  startGcflow(roles: readonly GcflowRole[], name?: string): Promise<GcflowProcess>;
  /** Every server and gcflow process now running (for resident memory). */
  pids(): number[];
  restartBroker(options?: { downMs?: number }): Promise<void>;
  restartRedis(options?: { downMs?: number }): Promise<void>;
  stopMongo(): Promise<void>;
  startMongo(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStackUnderTest(options: {
  name: string;
  log: (line: string) => void;
  /** The exporter's batch cycle; the default is what `npm start` runs with. */
  exportCycleMillis?: number;
}): Promise<StackUnderTest> {
  const stateDir = path.join(ROOT, '.stack', `${options.name}-${crypto.randomBytes(3).toString('hex')}`);
  const ports: StackPorts = {
    zeebeGateway: await freePort(),
    zeebeCommand: await freePort(),
    zeebeInternal: await freePort(),
    zeebeManagement: await freePort(),
    redis: await freePort(),
    mongo: await freePort(),
  };
  const stack = await startLocalStack({
    stateDir,
    fresh: true,
    ports,
    exportCycleMillis: options.exportCycleMillis,
    // as `npm start` chooses it (config.ts GCFLOW_FERRETDB_BACKEND), so a run can compare the backends
    ferretdbBackend: loadConfig().GCFLOW_FERRETDB_BACKEND,
    log: options.log,
  });
  const servers = new Map<string, ManagedProcess>(stack.processes.map((p) => [p.name, p]));
  const gcflows: GcflowProcess[] = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    ZEEBE_ADDRESS: stack.zeebeAddress,
    REDIS_URL: stack.redisUrl,
    MONGODB_URI: stack.mongoUri,
    MONGODB_DB: 'gcflow',
    // one secret for every web process of this stack: a restarted one accepts the tokens already handed out
    JWT_SECRET: crypto.randomBytes(32).toString('hex'),
    PROJECTOR_CONSUMER: 'bench-projector',
    GCFLOW_STATE_DIR: stateDir,
    // gcflow processes of a bench that dies stop too, rather than spin against servers that are gone
    GCFLOW_PARENT_PID: String(process.pid),
  };
  const zbc = new ZBClient(stack.zeebeAddress, {
    loglevel: 'NONE',
    retry: true,
    maxRetries: 50,
    longPoll: 2000,
  });
  // a small pool: the bench's own queries must not take FerretDB's connections from the stack under test
  const db = await mongoose
    .createConnection(stack.mongoUri, { dbName: 'gcflow', maxPoolSize: 8 })
    .asPromise();
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);

  const startGcflow = async (roles: readonly GcflowRole[], name = roles.join('+')) => {
    const logFile = path.join(stack.logDir, `gcflow-${name}.log`);
    // a restarted process appends to the same log: read only what this one writes
    const from = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
    const proc = spawnManaged(`gcflow ${name}`, TSX, [MAIN], {
      cwd: ROOT,
      env: { ...env, GCFLOW_ROLES: roles.join(','), PORT: '0' },
      logFile,
    });
    const deadline = Date.now() + 120_000;
    let url: string | undefined;
    for (;;) {
      const text = fs.existsSync(logFile) ? fs.readFileSync(logFile).subarray(from).toString('utf8') : '';
      const running = /gcflow running: [^\n]*/.exec(text);
      if (running) {
        url = / at (http:\/\/\S+)/.exec(running[0])?.[1];
        break;
      }
      if (proc.hasExited() || Date.now() > deadline) {
        throw new Error(`gcflow ${name} did not start; its log ends:\n${logTail(logFile)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const started: GcflowProcess = {
      roles,
      proc,
      url,
      async kill9() {
        try {
          process.kill(-proc.pid, 'SIGKILL');
        } catch {
          // gone already
        }
        await proc.exited;
      },
    };
    gcflows.push(started);
    return started;
  };

  const brokerOptions = () => ({
    gatewayPort: ports.zeebeGateway,
    commandPort: ports.zeebeCommand,
    internalPort: ports.zeebeInternal,
    managementPort: ports.zeebeManagement,
    redisUrl: stack.redisUrl,
    dataDir: path.join(stateDir, 'zeebe', 'data'),
    logDir: stack.logDir,
    cacheDir: defaultCacheDir(),
    exportCycleMillis: options.exportCycleMillis,
  });
  let mongoCommand: string[] | undefined;

  return {
    stack,
    ports,
    stateDir,
    zbc,
    db,
    redis,
    env,
    startGcflow,
    pids: () =>
      [...servers.values(), ...gcflows.map((g) => g.proc)].filter((p) => !p.hasExited()).map((p) => p.pid),
    async restartBroker({ downMs = 0 } = {}) {
      await servers.get('zeebe')!.stop();
      if (downMs) await new Promise((resolve) => setTimeout(resolve, downMs));
      servers.set('zeebe', await startZeebeBroker(brokerOptions()));
    },
    async restartRedis({ downMs = 0 } = {}) {
      await servers.get('redis')!.stop();
      if (downMs) await new Promise((resolve) => setTimeout(resolve, downMs));
      servers.set(
        'redis',
        await startRedis({ port: ports.redis, dataDir: path.join(stateDir, 'redis'), logDir: stack.logDir }),
      );
    },
    async stopMongo() {
      // the Mongo-wire server alone (its SQL backend, if any, stays up); remembered to start it the same way
      const wire = servers.get('ferretdb') ?? servers.get('mongod');
      if (!wire) throw new Error('no Mongo-wire server process of this stack to stop');
      mongoCommand = fs.readFileSync(`/proc/${wire.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      await wire.stop();
    },
    async startMongo() {
      if (!mongoCommand) throw new Error('stopMongo first');
      const [command, ...args] = mongoCommand;
      const proc = spawnManaged('ferretdb', command!, args, {
        logFile: path.join(stack.logDir, 'ferretdb.log'),
      });
      servers.set('ferretdb', proc);
      const deadline = Date.now() + 30_000;
      while (!(await canConnect(ports.mongo)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
    },
    async stop() {
      for (const g of [...gcflows].reverse()) await g.proc.stop(10_000);
      await zbc.close().catch(() => undefined);
      redis.disconnect();
      await db.close().catch(() => undefined);
      // the broker first (it exports into Redis), then Redis and the Mongo-wire server
      for (const name of ['zeebe', 'redis', 'ferretdb']) await servers.get(name)?.stop();
      // the rest (the Mongo-wire server's SQL backend) the way the stack stops it
      await stack.stop().catch(() => undefined);
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
