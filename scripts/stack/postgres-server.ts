import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { EQUALITY_INDEX_TRIGGER_SQL } from './ferretdb-equality-indexes';
import { spawnManaged, waitUntilReady, type ManagedProcess } from './managed-process';
import { assertPortFree, canConnect } from './ports';

/** The newest Debian PostgreSQL server binaries, if installed (package `postgresql`). */
export function findPostgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/** PostgreSQL refuses to run as root; as root we run it as Debian's `postgres` user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * A PostgreSQL server of the stack's own (cluster in `dataDir`, loopback, its own port) as FerretDB's backend:
 * FerretDB pushes filters down to PostgreSQL, where its SQLite backend scans every document in Node-side Go.
 */
export async function startPostgres(options: {
  binDir: string;
  port: number;
  dataDir: string;
  logDir: string;
}): Promise<{ process: ManagedProcess; url: string }> {
  await assertPortFree(options.port, 'PostgreSQL');
  const cluster = path.join(options.dataDir, 'cluster');
  const socketDir = path.join(options.dataDir, 'socket');
  fs.mkdirSync(socketDir, { recursive: true });
  if (process.getuid?.() === 0) {
    spawnSync('chown', ['-R', 'postgres', options.dataDir]);
  }
  if (!fs.existsSync(path.join(cluster, 'PG_VERSION'))) {
    const [command, args] = asServerUser(path.join(options.binDir, 'initdb'), [
      '-D',
      cluster,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-locale',
    ]);
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr || result.stdout}`);
  }
  const [command, args] = asServerUser(path.join(options.binDir, 'postgres'), [
    '-D',
    cluster,
    '-p',
    String(options.port),
    '-k',
    socketDir,
    '-c',
    'listen_addresses=127.0.0.1',
    // a local development store: a crash may lose the last moments, never corrupt
    '-c',
    'synchronous_commit=off',
    '-c',
    'shared_buffers=256MB',
    '-c',
    'max_connections=300',
    // FerretDB runs prepared statements with the field name as a parameter (`_jsonb -> $1 @> $2`): only a plan
    // made for the actual values matches the equality indexes (ferretdb-equality-indexes.ts)
    '-c',
    'plan_cache_mode=force_custom_plan',
    // statistics current soon after bulk changes: with stale ones the planner may pick a low-selectivity
    // equality index (`state`) over the selective one (`assignee`)
    '-c',
    'autovacuum_naptime=5s',
  ]);
  const proc = spawnManaged('postgres', command, args, {
    logFile: path.join(options.logDir, 'postgres.log'),
  });
  await waitUntilReady(proc, () => canConnect(options.port), 30_000);
  // the client tools, as the server's user, against this server
  const client = (tool: 'psql' | 'createdb', args: string[]) =>
    spawnSync(
      ...asServerUser(path.join(options.binDir, tool), [
        '-h',
        '127.0.0.1',
        '-p',
        String(options.port),
        '-U',
        'postgres',
        ...args,
      ]),
      { encoding: 'utf8' },
    );
  const exists = client('psql', ['-tAc', "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'"]);
  if (exists.stdout.trim() !== '1') {
    const created = client('createdb', ['ferretdb']);
    if (created.status !== 0) throw new Error(`createdb ferretdb failed: ${created.stderr}`);
  }
  const trigger = client('psql', [
    '-d',
    'ferretdb',
    '-v',
    'ON_ERROR_STOP=1',
    '-qc',
    EQUALITY_INDEX_TRIGGER_SQL,
  ]);
  if (trigger.status !== 0) throw new Error(`equality index trigger not installed: ${trigger.stderr}`);
  return {
    process: proc, // pgx's default pool is max(4, CPUs) connections: on 2 cores FerretDB wedged under the test suite's
    // concurrency (every request waiting for a pooled connection); a larger pool keeps it answering
    url: `postgres://postgres@127.0.0.1:${options.port}/ferretdb?pool_max_conns=200`,
  };
}
