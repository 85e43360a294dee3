import fs from 'node:fs';
import path from 'node:path';
import { ZBClient } from 'zeebe-node';
import { defaultCacheDir } from './artifacts';
import type { ManagedProcess } from './managed-process';
import { startMongoServer, type FerretdbBackend, type MongoServer } from './mongo-server';
import { freePort } from './ports';
import { startRedis } from './redis-server';
import { startZeebeBroker } from './zeebe-broker';

export interface StackPorts {
  zeebeGateway: number;
  zeebeCommand: number;
  zeebeInternal: number;
  zeebeManagement: number;
  redis: number;
  mongo: number;
}

/** Fixed ports for `npm start`, so outside tools (zbctl, a Mongo shell) find the stack where they expect it. */
export const DEFAULT_PORTS: StackPorts = {
  zeebeGateway: 26500,
  zeebeCommand: 26501,
  zeebeInternal: 26502,
  zeebeManagement: 9600,
  redis: 6389,
  mongo: 27017,
};

export interface StackOptions {
  /** Data and logs of this stack: zeebe/, redis/, mongo/, logs/. */
  stateDir: string;
  /** Start from empty data directories (tests). */
  fresh?: boolean;
  /** Ports to use; `'free'` picks free ones (tests). */
  ports?: StackPorts | 'free';
  cacheDir?: string;
  /** Parts given from outside are not started (ZEEBE_ADDRESS, REDIS_URL, MONGODB_URI). */
  external?: { zeebeAddress?: string; redisUrl?: string; mongoUri?: string };
  exportCycleMillis?: number;
  ferretdbBackend?: FerretdbBackend;
  log?: (line: string) => void;
}

export interface LocalStack {
  zeebeAddress: string;
  redisUrl: string;
  mongoUri: string;
  mongoKind: MongoServer['kind'] | 'external';
  logDir: string;
  /** The server processes this stack started (external parts are not among them). */
  processes: ManagedProcess[];
  /** Stops what this stack started: broker first (it exports into Redis), then Redis and Mongo. */
  stop(): Promise<void>;
}

async function pickPorts(ports: StackOptions['ports']): Promise<StackPorts> {
  if (ports && ports !== 'free') return ports;
  if (!ports) return DEFAULT_PORTS;
  return {
    zeebeGateway: await freePort(),
    zeebeCommand: await freePort(),
    zeebeInternal: await freePort(),
    zeebeManagement: await freePort(),
    redis: await freePort(),
    mongo: await freePort(),
  };
}

/** Kills servers a previous run left behind (a start command that was killed with -9). */
function killLeftovers(pidFile: string, log: (line: string) => void): void {
  if (!fs.existsSync(pidFile)) return;
  const leftovers = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { name: string; pid: number }[];
  for (const { name, pid } of leftovers) {
    const cmdline = fs.existsSync(`/proc/${pid}/cmdline`)
      ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      : '';
    if (/java|redis-server|ferretdb|postgres/.test(cmdline)) {
      log(`stopping ${name} (pid ${pid}) left over from an earlier run`);
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  fs.rmSync(pidFile);
}

export async function startLocalStack(options: StackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const external = options.external ?? {};
  const dirs = {
    zeebe: path.join(options.stateDir, 'zeebe', 'data'),
    redis: path.join(options.stateDir, 'redis'),
    mongo: path.join(options.stateDir, 'mongo'),
    logs: path.join(options.stateDir, 'logs'),
  };
  const pidFile = path.join(options.stateDir, 'stack.pids');
  if (options.fresh) fs.rmSync(options.stateDir, { recursive: true, force: true });
  fs.mkdirSync(dirs.logs, { recursive: true });
  killLeftovers(pidFile, log);
  const ports = await pickPorts(options.ports);
  const processes: ManagedProcess[] = [];
  let mongo: MongoServer | undefined;
  const recordPids = () =>
    fs.writeFileSync(pidFile, JSON.stringify(processes.map((p) => ({ name: p.name, pid: p.pid }))));

  const stop = async () => {
    // the broker first: it exports into Redis and must flush before Redis goes
    for (const proc of [...processes].reverse()) {
      if (mongo?.processes.includes(proc)) continue; // stopped below, FerretDB before its backend
      await proc.stop();
    }
    await mongo?.stop();
    fs.rmSync(pidFile, { force: true });
  };

  let mongoStartSettled: Promise<unknown> = Promise.resolve();
  try {
    let redisUrl = external.redisUrl;
    if (!redisUrl) {
      log(`starting Redis on 127.0.0.1:${ports.redis}`);
      processes.push(await startRedis({ port: ports.redis, dataDir: dirs.redis, logDir: dirs.logs }));
      recordPids();
      redisUrl = `redis://127.0.0.1:${ports.redis}`;
    }
    const mongoStart = external.mongoUri
      ? Promise.resolve(undefined)
      : startMongoServer({
          port: ports.mongo,
          dataDir: dirs.mongo,
          logDir: dirs.logs,
          cacheDir,
          ferretdbBackend: options.ferretdbBackend,
        }).then((m) => {
          mongo = m;
          processes.push(...m.processes);
          recordPids();
          log(`started ${m.kind} on ${m.uri}`);
          return m;
        });
    mongoStartSettled = mongoStart.catch(() => undefined);
    let zeebeAddress = external.zeebeAddress;
    if (!zeebeAddress) {
      log(`starting the Zeebe broker on 127.0.0.1:${ports.zeebeGateway}`);
      const broker = await startZeebeBroker({
        gatewayPort: ports.zeebeGateway,
        commandPort: ports.zeebeCommand,
        internalPort: ports.zeebeInternal,
        managementPort: ports.zeebeManagement,
        redisUrl,
        dataDir: dirs.zeebe,
        logDir: dirs.logs,
        cacheDir,
        exportCycleMillis: options.exportCycleMillis,
      });
      processes.push(broker);
      recordPids();
      zeebeAddress = `127.0.0.1:${ports.zeebeGateway}`;
      await waitForPartitionLeader(zeebeAddress);
    }
    const startedMongo = await mongoStart;
    return {
      zeebeAddress,
      redisUrl,
      mongoUri: external.mongoUri ?? startedMongo!.uri,
      mongoKind: startedMongo?.kind ?? 'external',
      logDir: dirs.logs,
      processes,
      stop,
    };
  } catch (err) {
    await mongoStartSettled;
    await stop().catch(() => undefined);
    throw err;
  }
}

/** The gateway answers before the partition has a leader; commands need the leader. */
async function waitForPartitionLeader(address: string, timeoutMs = 60_000): Promise<void> {
  const zbc = new ZBClient(address, { loglevel: 'NONE', retry: false });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const topology = await zbc.topology().catch(() => undefined);
      const healthy = topology?.brokers.some((b) =>
        b.partitions.some((p) => String(p.role) === 'LEADER' && String(p.health) === 'HEALTHY'),
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the Zeebe partition had no healthy leader after ${timeoutMs / 1000} s`);
  } finally {
    await zbc.close();
  }
}
