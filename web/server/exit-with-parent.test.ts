import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from '../../test/support/stack';

const MODULE = require.resolve('./exit-with-parent');

/** A node process that watches (`pid` or its parent), prints `ready`, then `gone <pid>` when it leaves. */
const watcherScript = (pid?: number) =>
  `const { exitWithParent } = require(${JSON.stringify(MODULE)});
   exitWithParent({ ${pid ? `pid: ${pid}, ` : ''}everyMs: 100, onGone: () => console.log('gone ' + process.pid) });
   setInterval(() => undefined, 1000);
   console.log('ready ' + process.pid);`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const output = (child: ChildProcess) => {
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
};

describe('exitWithParent', () => {
  const started: number[] = [];
  afterEach(() => {
    for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('given a watched process, when it dies, then the watcher stops itself and exits', async () => {
    const parent = spawn('sleep', ['600']);
    started.push(parent.pid!);
    const watcher = spawn(process.execPath, ['--import', 'tsx', '-e', watcherScript(parent.pid)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    started.push(watcher.pid!);
    const text = output(watcher);
    const exited = new Promise<number | null>((resolve) => watcher.once('exit', resolve));
    await waitFor(() => text().includes('ready'), { what: 'the watcher to start' });
    expect(alive(watcher.pid!)).toBe(true);

    parent.kill('SIGKILL');

    expect(await exited).toBe(0);
    expect(text()).toContain(`gone ${watcher.pid}`);
  });

  it('given no pid, when the process that spawned the watcher exits, then the orphaned watcher exits', async () => {
    // an intermediate node process starts the watcher (its parent), prints its pid, and then ends
    const middle = spawn(
      process.execPath,
      [
        '-e',
        `const { spawn } = require('node:child_process');
         const w = spawn(process.execPath, ['--import', 'tsx', '-e', ${JSON.stringify(watcherScript())}],
           { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
         w.stdout.on('data', (d) => { process.stdout.write(d); if (String(d).includes('ready')) process.exit(0); });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() },
    );
    const text = output(middle);
    await waitFor(() => /ready (\d+)/.test(text()), { what: 'the watcher to start' });
    const watcherPid = Number(/ready (\d+)/.exec(text())![1]);
    started.push(watcherPid);

    await waitFor(() => !alive(watcherPid), { what: 'the orphaned watcher to exit' });
    expect(alive(watcherPid)).toBe(false);
  });
});
