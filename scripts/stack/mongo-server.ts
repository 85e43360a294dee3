import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { ensureFerretdbBinary } from './artifacts';
import { spawnManaged, waitUntilReady, type ManagedProcess } from './managed-process';
import { assertPortFree, freePort } from './ports';

export interface MongoServer {
  kind: 'mongodb-memory-server' | 'ferretdb';
  uri: string;
  stop(): Promise<void>;
  process?: ManagedProcess;
}

/**
 * A real MongoDB-wire server: mongod through mongodb-memory-server when a mongod binary is at hand
 * (MONGOMS_SYSTEM_BINARY or `mongod` on PATH), otherwise FerretDB with its SQLite backend.
 */
export async function startMongoServer(options: {
  port: number;
  dataDir: string;
  logDir: string;
  cacheDir: string;
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
}): Promise<MongoServer> {
  const binary = await ensureFerretdbBinary(options.cacheDir);
  await assertPortFree(options.port, 'FerretDB');
  const sqliteDir = path.join(options.dataDir, 'sqlite');
  fs.mkdirSync(sqliteDir, { recursive: true });
  const debugPort = await freePort();
  const proc = spawnManaged(
    'ferretdb',
    binary,
    [
      `--listen-addr=127.0.0.1:${options.port}`,
      '--handler=sqlite',
      `--sqlite-url=file:${sqliteDir}/`,
      `--state-dir=${options.dataDir}`,
      `--debug-addr=127.0.0.1:${debugPort}`,
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { logFile: path.join(options.logDir, 'ferretdb.log') },
  );
  const uri = `mongodb://127.0.0.1:${options.port}/`;
  await waitUntilReady(proc, () => pingMongo(uri), 30_000);
  return { kind: 'ferretdb', uri, process: proc, stop: () => proc.stop(10_000) };
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
