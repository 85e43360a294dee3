import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireCommand } from './prerequisites';
import {
  FERRETDB_MODULE,
  FERRETDB_VERSION,
  REDIS_EXPORTER_ARTIFACT,
  REDIS_EXPORTER_VERSION,
  ZEEBE_ARTIFACT,
  ZEEBE_VERSION,
} from './versions';

/** Where downloads and builds are kept between runs (outside the repository). */
export function defaultCacheDir(): string {
  return process.env.GCFLOW_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'gcflow');
}

/**
 * Runs `produce` into a temporary folder and renames it to `target`, so a half-finished download is never
 * mistaken for a finished one, and two starts at once do the work once (a mkdir lock).
 */
async function cached(target: string, produce: (tmpDir: string) => void): Promise<string> {
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const lock = `${target}.lock`;
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (fs.existsSync(target)) return target;
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
      if (age > 20 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    if (fs.existsSync(target)) return target;
    const tmp = `${target}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    try {
      produce(tmp);
      fs.renameSync(tmp, target);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    return target;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed:\n${output || e.message}`);
  }
}

function mavenCopy(artifact: string, outputDir: string): void {
  const mvn = requireCommand('mvn', 'install Maven (apt-get install maven)');
  run(mvn, ['-B', '-q', 'dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${outputDir}`]);
}

/** The unpacked Zeebe distribution (bin/broker, lib/, config/), fetched with Maven. */
export function ensureZeebeDistribution(cacheDir = defaultCacheDir()): Promise<string> {
  return cached(path.join(cacheDir, `camunda-zeebe-${ZEEBE_VERSION}`), (tmp) => {
    mavenCopy(ZEEBE_ARTIFACT, tmp);
    const archive = fs.readdirSync(tmp).find((f) => f.endsWith('.tar.gz'));
    if (!archive) throw new Error(`Maven did not deliver ${ZEEBE_ARTIFACT}`);
    run('tar', ['xzf', archive, '--strip-components=1'], { cwd: tmp });
    fs.rmSync(path.join(tmp, archive));
  }).then((home) => {
    if (!fs.existsSync(path.join(home, 'bin', 'broker'))) throw new Error(`${home} holds no bin/broker`);
    return home;
  });
}

/** The Redis exporter's jar-with-dependencies, fetched with Maven. */
export async function ensureRedisExporterJar(cacheDir = defaultCacheDir()): Promise<string> {
  const dir = await cached(path.join(cacheDir, `zeebe-redis-exporter-${REDIS_EXPORTER_VERSION}`), (tmp) =>
    mavenCopy(REDIS_EXPORTER_ARTIFACT, tmp),
  );
  const jar = fs.readdirSync(dir).find((f) => f.endsWith('.jar'));
  if (!jar) throw new Error(`${dir} holds no exporter jar`);
  return path.join(dir, jar);
}

/**
 * FerretDB built from its module source with Go. `go install …@version` cannot be used here: it asks the
 * proxy for the module's version list, which this proxy refuses; and the module zip lacks the
 * build/version/version.txt that the binary embeds, so we write it before building.
 */
export async function ensureFerretdbBinary(cacheDir = defaultCacheDir()): Promise<string> {
  const dir = await cached(path.join(cacheDir, `ferretdb-${FERRETDB_VERSION}`), (tmp) => {
    const go = requireCommand('go', 'install Go 1.21+ (https://go.dev/dl or apt-get install golang)');
    const env = { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' };
    const downloaded = execFileSync(
      go,
      ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`],
      {
        encoding: 'utf8',
        cwd: tmp,
        env,
      },
    );
    const info = JSON.parse(downloaded) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(`go mod download ${FERRETDB_MODULE}@${FERRETDB_VERSION}: ${info.Error}`);
    const src = path.join(tmp, 'src');
    fs.cpSync(info.Dir, src, { recursive: true });
    run('chmod', ['-R', 'u+w', src]);
    fs.writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    run(go, ['build', '-trimpath', '-o', path.join(tmp, 'ferretdb'), './cmd/ferretdb'], { cwd: src, env });
    fs.rmSync(src, { recursive: true, force: true });
  });
  return path.join(dir, 'ferretdb');
}
