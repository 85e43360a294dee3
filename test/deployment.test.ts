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
  it('given JWT_SECRET, when compose checks the file, then it is valid', () => {
    const result = composeConfig({ JWT_SECRET: 'x'.repeat(32) });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });

  it('given no JWT_SECRET, when compose checks the file, then it refuses to run without a secret', () => {
    const result = composeConfig({ JWT_SECRET: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('JWT_SECRET');
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
