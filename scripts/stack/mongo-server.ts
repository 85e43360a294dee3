import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { ensureFerretdbBinary } from './artifacts';
import { spawnManaged, waitUntilReady, type ManagedProcess } from './managed-process';
import { assertPortFree, freePort } from './ports';
import { startPostgres, findPostgresBinDir } from './postgres-server';
import { MissingPrerequisiteError } from './prerequisites';

export interface MongoServer {
  kind: 'mongodb-memory-server' | 'ferretdb-postgresql' | 'ferretdb-sqlite';
  uri: string;
  /** Stops the server and, for FerretDB, its backend after it. */
  stop(): Promise<void>;
  /** Server processes started (FerretDB and its PostgreSQL); mongodb-memory-server manages its own. */
  processes: ManagedProcess[];
}

/**
 * FerretDB's backend: `postgresql` (FerretDB pushes filters down; Debian's `postgresql` package), or `sqlite`
 * (no extra server, but every query scans the collection); `auto` takes PostgreSQL when it is installed.
 */
export type FerretdbBackend = 'auto' | 'postgresql' | 'sqlite';

/**
 * A real MongoDB-wire server: mongod through mongodb-memory-server when a mongod binary is at hand
 * (MONGOMS_SYSTEM_BINARY or `mongod` on PATH), otherwise FerretDB with its SQLite backend.
 */
export async function startMongoServer(options: {
  port: number;
  dataDir: string;
  logDir: string;
  cacheDir: string;
  ferretdbBackend?: FerretdbBackend;
}): Promise<MongoServer> {
  const systemMongod = process.env.MONGOMS_SYSTEM_BINARY ?? findOnPath('mongod');
  if (systemMongod) return startMemoryServer(systemMongod, options);
  return startFerretdb(options);
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function startMemoryServer(
  binary: string,
  options: { port: number; dataDir: string },
): Promise<MongoServer> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const server = await MongoMemoryServer.create({
    binary: { systemBinary: binary },
    instance: { port: options.port, ip: '127.0.0.1', dbPath: options.dataDir, storageEngine: 'wiredTiger' },
  });
  return {
    kind: 'mongodb-memory-server',
    uri: server.getUri(),
    processes: [],
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

async function startFerretdb(options: {
  port: number;
  dataDir: string;
  logDir: string;
  cacheDir: string;
  ferretdbBackend?: FerretdbBackend;
}): Promise<MongoServer> {
  const binary = await ensureFerretdbBinary(options.cacheDir);
  await assertPortFree(options.port, 'FerretDB');
  const requested = options.ferretdbBackend ?? 'auto';
  const pgBinDir = findPostgresBinDir();
  if (requested === 'postgresql' && !pgBinDir) {
    throw new MissingPrerequisiteError(
      "FerretDB's PostgreSQL backend needs PostgreSQL: apt-get install postgresql (or GCFLOW_FERRETDB_BACKEND=sqlite)",
    );
  }
  const backend = requested === 'sqlite' || !pgBinDir ? 'sqlite' : 'postgresql';
  const started: ManagedProcess[] = [];
  const stopAll = async () => {
    for (const proc of [...started].reverse()) await proc.stop(10_000);
  };
  try {
    let backendArgs: string[];
    if (backend === 'postgresql') {
      const postgres = await startPostgres({
        binDir: pgBinDir!,
        port: await freePort(),
        dataDir: path.join(options.dataDir, 'postgresql'),
        logDir: options.logDir,
      });
      started.push(postgres.process);
      backendArgs = ['--handler=postgresql', `--postgresql-url=${postgres.url}`];
    } else {
      const sqliteDir = path.join(options.dataDir, 'sqlite');
      fs.mkdirSync(sqliteDir, { recursive: true });
      backendArgs = ['--handler=sqlite', `--sqlite-url=file:${sqliteDir}/`];
    }
    const debugPort = await freePort();
    const proc = spawnManaged(
      'ferretdb',
      binary,
      [
        `--listen-addr=127.0.0.1:${options.port}`,
        ...backendArgs,
        `--state-dir=${options.dataDir}`,
        `--debug-addr=127.0.0.1:${debugPort}`,
        '--telemetry=disable',
        '--log-level=warn',
      ],
      { logFile: path.join(options.logDir, 'ferretdb.log') },
    );
    started.push(proc);
    const uri = `mongodb://127.0.0.1:${options.port}/`;
    await waitUntilReady(proc, () => pingMongo(uri), 30_000);
    return { kind: `ferretdb-${backend}`, uri, processes: started, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function pingMongo(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, {
    serverSelectionTimeoutMS: 1000,
    directConnection: true,
  });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } finally {
    await client.close();
  }
}
