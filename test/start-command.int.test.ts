import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stackEnv, waitFor } from './support/stack';

const root = path.resolve(__dirname, '..');

interface StartedCommand {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  stateDir: string;
}

/**
 * `npm start` as a newcomer runs it (tsx scripts/start.ts), but with the engine and Mongo of the test stack
 * given in the environment, so it starts only its own Redis: quick, and it shows that given parts are skipped.
 */
function startCommand(): StartedCommand {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcflow-start-'));
  const { zeebeAddress, mongoUri } = stackEnv();
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ZEEBE_ADDRESS: zeebeAddress,
      MONGODB_URI: mongoUri,
      REDIS_URL: '',
      MONGODB_DB: `start_command_${process.pid}`,
      PORT: '0',
      GCFLOW_STATE_DIR: stateDir,
      PROJECTOR_GROUP: `start-command-${process.pid}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited, stateDir };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function untilReady(started: StartedCommand): Promise<{ url: string; redisPid: number }> {
  await waitFor(
    () => started.output().includes('Ctrl-C stops everything') || started.child.exitCode !== null,
    {
      what: 'the start command to be ready',
      timeoutMs: 60_000,
    },
  );
  const url = /web: +(http:\/\/\S+)/.exec(started.output())?.[1];
  if (!url) throw new Error(`the start command did not come up:\n${started.output()}`);
  const pids = JSON.parse(fs.readFileSync(path.join(started.stateDir, 'stack.pids'), 'utf8')) as {
    name: string;
    pid: number;
  }[];
  return { url, redisPid: pids.find((p) => p.name === 'redis')!.pid };
}

describe('the start command', () => {
  jest.setTimeout(90_000);

  it('given it runs, then health is ok, and Ctrl-C stops everything it started', async () => {
    const started = startCommand();
    const { url, redisPid } = await untilReady(started);
    expect(started.output()).toMatch(/deployed \d+ processes/);
    expect(started.output()).toContain('am.gz (account-manager, gz)');
    expect(started.output()).not.toContain('starting the Zeebe broker'); // given by ZEEBE_ADDRESS

    const health = (await (await fetch(`${url}/api/health`)).json()) as {
      status: string;
      zeebe: { brokers: number };
    };
    expect(health).toMatchObject({ status: 'ok', zeebe: { brokers: 1 } });

    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
    expect(started.output()).toContain('stopped; nothing left running');
    expect(isAlive(redisPid)).toBe(false);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });

  it('given its Redis dies, then it says so and stops the rest', async () => {
    const started = startCommand();
    const { url, redisPid } = await untilReady(started);
    process.kill(redisPid, 'SIGKILL');
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/redis exited unexpectedly \(code null, signal SIGKILL\)/);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });
});
