import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { spawnManaged, waitUntilReady, type ManagedProcess } from './managed-process';
import { assertPortFree } from './ports';
import { requireCommand } from './prerequisites';

/**
 * Debian's redis-server on loopback, with its own port and directory; append-only on (fsync every second)
 * so a restart keeps every exported record the projector has not acknowledged yet.
 */
export async function startRedis(options: {
  port: number;
  dataDir: string;
  logDir: string;
}): Promise<ManagedProcess> {
  const redisServer = requireCommand('redis-server', 'install Redis (apt-get install redis-server)');
  await assertPortFree(options.port, 'Redis');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const proc = spawnManaged(
    'redis',
    redisServer,
    [
      '--port',
      String(options.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      options.dataDir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--logfile',
      '',
    ],
    { logFile: path.join(options.logDir, 'redis.log') },
  );
  await waitUntilReady(proc, () => pingRedis(options.port), 20_000);
  return proc;
}

async function pingRedis(port: number): Promise<boolean> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // a refused probe is the expected answer while Redis starts
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}
