import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REDIS_EXPORTER_VERSION, ZEEBE_VERSION } from '../scripts/stack/versions';

const root = path.resolve(__dirname, '..');

/** `docker compose config` (the plugin) or Debian's `docker-compose config` — whichever this machine has. */
function composeConfig(env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const plugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  const [command, args] =
    plugin.status === 0 ? ['docker', ['compose', 'config']] : ['docker-compose', ['config']];
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.error)
    throw new Error(`${command} is not installed (.ci/run installs docker-compose): ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('docker-compose.yml', () => {
  const publicBaseUrl = 'https://gcflow.example.com';

  it('given JWT_SECRET and the public address, when compose checks the file, then it is valid', () => {
    const result = composeConfig({ JWT_SECRET: 'x'.repeat(32), GCFLOW_PUBLIC_BASE_URL: publicBaseUrl });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });

  it('given no JWT_SECRET, when compose checks the file, then it refuses to run without a secret', () => {
    const result = composeConfig({ JWT_SECRET: '', GCFLOW_PUBLIC_BASE_URL: publicBaseUrl });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('JWT_SECRET');
  });

  it('given no public address, when compose checks the file, then it refuses: survey links would name a container', () => {
    const result = composeConfig({ JWT_SECRET: 'x'.repeat(32), GCFLOW_PUBLIC_BASE_URL: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('GCFLOW_PUBLIC_BASE_URL');
  });

  it('uses the versions of the local stack and the tests', () => {
    const compose = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    const zeebeImages = compose.match(/camunda\/zeebe:[\w.]+/g) ?? [];
    expect(new Set(zeebeImages)).toEqual(new Set([`camunda/zeebe:${ZEEBE_VERSION}`]));
    expect(compose).toContain(`zeebe-redis-exporter:${REDIS_EXPORTER_VERSION}:jar:jar-with-dependencies`);
    expect(compose).toContain(`zeebe-redis-exporter-${REDIS_EXPORTER_VERSION}-jar-with-dependencies.jar`);
    for (const broker of ['zeebe-0:', 'zeebe-1:', 'zeebe-2:', 'zeebe-gateway:'])
      expect(compose).toContain(`\n  ${broker}`);
  });
});

/** One `FROM` stage of a Dockerfile: its name, working directory and instructions (continuations joined). */
interface Stage {
  name: string | null;
  workdir: string;
  instructions: { op: string; args: string }[];
}

function dockerStages(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      stages.push({ name: /\sAS\s+(\S+)/i.exec(args)?.[1] ?? null, workdir: '/', instructions: [] });
      continue;
    }
    const stage = stages[stages.length - 1]!;
    if (op.toUpperCase() === 'WORKDIR') stage.workdir = path.posix.resolve(stage.workdir, args);
    stage.instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

/** `COPY [--from=x] src… dest` of a stage, with the destination resolved against its WORKDIR. */
function copies(stage: Stage): { from: string | null; sources: string[]; dest: string }[] {
  return stage.instructions
    .filter((i) => i.op === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length) ?? null;
      const paths = words.filter((w) => !w.startsWith('--'));
      const dest = paths.pop()!;
      return { from, sources: paths, dest: path.posix.resolve(stage.workdir, dest) };
    });
}

/** Packages the server, workers and models import at run time (tests left out). */
function runtimeImports(): Set<string> {
  const found = new Set<string>();
  const visit = (entry: string) => {
    const full = path.join(root, entry);
    if (fs.statSync(full).isDirectory()) {
      for (const name of fs.readdirSync(full)) visit(path.join(entry, name));
      return;
    }
    if (!entry.endsWith('.ts') || entry.endsWith('.test.ts')) return;
    const source = fs.readFileSync(full, 'utf8');
    const specs = [
      ...source.matchAll(/\bfrom\s+'([^'.][^']*)';?\s*$/gm),
      ...source.matchAll(/^\s*import\s+'([^'.][^']*)'/gm),
      ...source.matchAll(/\b(?:require|import)\(\s*'([^'.][^']*)'\s*\)/g),
    ].map((m) => m[1]!);
    for (const spec of specs) {
      if (spec.startsWith('node:')) continue;
      found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  for (const entry of ['config.ts', 'models', 'processes', 'workers', 'web/server']) visit(entry);
  return found;
}

describe('Dockerfile', () => {
  const stages = dockerStages(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
  const runtime = stages[stages.length - 1]!;
  const build = stages.find((s) => s.instructions.some((i) => /npm run build:app/.test(i.args)));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };

  it('given the SPA, then a stage of its own builds it with the dev dependencies and everything the build reads', () => {
    expect(build).toBeDefined();
    expect(build).not.toBe(runtime);
    const installs = build!.instructions.filter((i) => i.op === 'RUN' && /npm ci/.test(i.args));
    expect(installs.length).toBeGreaterThan(0);
    expect(installs.every((i) => !/--omit=dev|--production/.test(i.args))).toBe(true);
    const copied = copies(build!).flatMap((c) => c.sources);
    // the Vite config compiles .bpmnlintrc in, and the modeler bundles the element templates
    expect(fs.readFileSync(path.join(root, 'web/app/vite.config.mts'), 'utf8')).toContain('.bpmnlintrc');
    for (const input of [
      'package.json',
      'package-lock.json',
      '.bpmnlintrc',
      'processes/element-templates',
      'web/app',
    ])
      expect(copied).toContain(input);
  });

  it('given the runtime stage, then it has production dependencies only and the built SPA where the server serves it from', () => {
    expect(runtime.instructions.some((i) => i.op === 'RUN' && /npm ci .*--omit=dev/.test(i.args))).toBe(true);
    const spa = copies(runtime).find((c) => c.from === build!.name);
    expect(spa).toBeDefined();
    expect(spa!.sources).toEqual([path.posix.join(build!.workdir, 'web/app/dist')]);
    // web/server/gcflow.ts hands createApp the dist directory relative to itself
    const served = /webAppDir:\s*path\.resolve\(__dirname,\s*'([^']+)'\)/.exec(
      fs.readFileSync(path.join(root, 'web/server/gcflow.ts'), 'utf8'),
    )?.[1];
    expect(served).toBeDefined();
    expect(spa!.dest).toBe(path.posix.resolve(runtime.workdir, 'web/server', served!));
    const copied = copies(runtime).flatMap((c) => (c.from ? [] : c.sources));
    // processes/lint.ts reads .bpmnlintrc at the repository root before every deploy
    for (const source of ['config.ts', '.bpmnlintrc', 'models', 'processes', 'workers', 'web/server'])
      expect(copied).toContain(source);
    const cmd = runtime.instructions.find((i) => i.op === 'CMD')!;
    const entry = (JSON.parse(cmd.args) as string[]).find((a) => a.endsWith('.ts'))!;
    expect(fs.existsSync(path.join(root, entry))).toBe(true);
  });

  it('given the packages the server imports at run time, then each is a production dependency', () => {
    const imported = [...runtimeImports(), 'tsx'];
    expect(imported.filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });

  it('given a local build in the working copy, then .dockerignore keeps it and node_modules out of the image', () => {
    const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'web/app/dist']));
  });
});
