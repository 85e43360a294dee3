/**
 * `npm run drills`: each drill starts the real stack (fresh directories, free ports, loopback), applies
 * load, injects its fault and counts what was lost or done twice; one line per drill. Exits non-zero when a
 * drill fails or its fault could not be injected. `--small` for a quick check; `--only=3,5` picks drills.
 */
import fs from 'node:fs';
import path from 'node:path';
import { machineLines } from '../support/report';
import { badInputAtVolume } from './bad-input';
import { brokerRestart } from './broker-restart';
import { drillLine, startDrillStack, type DrillResult, type DrillStack } from './drill-stack';
import { inboxCrowd } from './inbox-crowd';
import { mongoOutage } from './mongo-outage';
import { projectorKilled } from './projector-killed';
import { redisRestart } from './redis-restart';
import { workerKilledMidJob } from './worker-killed';

const SMALL = process.argv.includes('--small');
const ONLY = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',')
  .map(Number);
const instances = SMALL ? 8 : 40;

const DRILLS: { name: string; run: (d: DrillStack) => Promise<DrillResult> }[] = [
  { name: 'worker-killed', run: (d) => workerKilledMidJob(d, { instances }) },
  { name: 'projector-killed', run: (d) => projectorKilled(d, { instances }) },
  { name: 'broker-restart', run: (d) => brokerRestart(d, { instances }) },
  { name: 'redis-restart', run: (d) => redisRestart(d, { instances }) },
  { name: 'mongo-outage', run: (d) => mongoOutage(d, { instances }) },
  {
    name: 'inbox-crowd',
    run: (d) =>
      inboxCrowd(
        d,
        SMALL ? { readers: 20, completers: 5, seconds: 15 } : { readers: 200, completers: 50, seconds: 60 },
      ),
  },
  { name: 'bad-input', run: (d) => badInputAtVolume(d, { requests: SMALL ? 500 : 10_000 }) },
];

/** A drill may take this long, stack start included; then it fails with the time as its count. */
const DRILL_LIMIT_MS = 12 * 60_000;

async function runDrill(
  n: number,
  name: string,
  run: (d: DrillStack) => Promise<DrillResult>,
): Promise<DrillResult> {
  const began = Date.now();
  let stack: DrillStack | undefined;
  let timer: NodeJS.Timeout | undefined;
  let result: DrillResult | undefined;
  try {
    stack = await startDrillStack(name);
    const d = stack;
    result = await Promise.race([
      run(d),
      new Promise<DrillResult>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({ name, outcome: 'FAIL', counts: `not finished after ${DRILL_LIMIT_MS / 60_000} min` }),
          DRILL_LIMIT_MS - (Date.now() - began),
        );
      }),
    ]);
    return result;
  } catch (err) {
    result = {
      name,
      outcome: 'FAIL',
      counts: `the drill itself failed: ${(err as Error).message.split('\n')[0]}`,
    };
    return result;
  } finally {
    clearTimeout(timer);
    // a failed drill's server and gcflow logs outlive its stack's directory
    if (stack && result?.outcome !== 'PASS') {
      const kept = path.resolve(__dirname, '..', '..', '.stack', 'drill-logs', `${name}-${Date.now()}`);
      fs.cpSync(stack.sut.stack.logDir, kept, { recursive: true });
      result!.counts += ` (logs kept in ${path.relative(process.cwd(), kept)})`;
    }
    await stack?.stop().catch(() => undefined);
    process.stdout.write(`  … drill ${n} took ${((Date.now() - began) / 1000).toFixed(0)} s\n`);
  }
}

async function main(): Promise<number> {
  for (const line of machineLines()) process.stdout.write(`${line}\n`);
  const lines: string[] = [];
  let failed = 0;
  for (const [i, drill] of DRILLS.entries()) {
    if (ONLY && !ONLY.includes(i + 1)) continue;
    const result = await runDrill(i + 1, drill.name, drill.run);
    const line = drillLine(i + 1, result);
    lines.push(line);
    if (result.outcome !== 'PASS') failed++;
    process.stdout.write(`${line}\n`);
  }
  process.stdout.write(
    `\nsummary:\n${lines.join('\n')}\n${lines.length - failed} passed, ${failed} failed\n`,
  );
  return failed === 0 ? 0 : 1;
}

main()
  .then((code) => process.exit(code))
  .catch((err: Error) => {
    process.stderr.write(`drills failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
