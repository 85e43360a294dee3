/**
 * `npm run bench`: the figures of issue 7 on the real local stack (fresh directories, free ports, loopback
 * only), each beside a reference measured in the same run. `npm run bench -- --small` runs small sizes for
 * a quick check. Every loop is bounded in count and time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startProjector } from '../web/server/projector';
import { measureDashboard } from './figures/dashboard';
import { measureEngineOverhead } from './figures/engine-overhead';
import { measureInboxQuery } from './figures/inbox-query';
import { LagRecorder, measureProjectionLag } from './figures/projection-lag';
import { measureSlaBreach } from './figures/sla-breach';
import { createApiClient } from './support/api-client';
import { sleep } from './support/percentiles';
import { figureLine, machineLines, type Figure } from './support/report';
import { megabytes, residentMemory, watchResidentMemory } from './support/resident-memory';
import { startStackUnderTest } from './support/stack-under-test';

const SMALL = process.argv.includes('--small');
/** `--only=inbox,dashboard`: a subset of engine, lag, sla, inbox, dashboard (memory comes with the first three). */
const ONLY = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const runs = (figure: string) => !ONLY || ONLY.includes(figure);
const SIZES = SMALL
  ? {
      engine: { count: 20, perSecond: 10, timeoutMs: 180_000 },
      lagSeconds: 10,
      sla: { deadlines: 20, dueSeconds: 8, maxSeconds: 90 },
      inbox: { small: 200, large: 2000, requests: 20, maxSeconds: 60 },
      dashboard: { small: 1000, large: 10_000, requests: 10, maxSeconds: 60, seedBudgetSeconds: 30 },
    }
  : {
      engine: { count: 200, perSecond: 20, timeoutMs: 600_000 },
      lagSeconds: 60,
      sla: { deadlines: 200, dueSeconds: 20, maxSeconds: 240 },
      inbox: { small: 1000, large: 100_000, requests: 40, maxSeconds: 300 },
      dashboard: { small: 10_000, large: 1_000_000, requests: 20, maxSeconds: 300, seedBudgetSeconds: 900 },
    };

const PROJECTOR_GROUP = 'gcflow-projector';
const out = (line: string) => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stdout.write(`  … ${line}\n`);

async function run(): Promise<void> {
  for (const line of machineLines()) out(line);
  out(`sizes: ${SMALL ? 'small (--small: a quick check, not the figures of record)' : 'full'}`);
  if (ONLY) out(`only: ${ONLY.join(', ')}`);
  const began = Date.now();
  // the machine is shared: the 1-minute load average through the run says how much the figures were crowded
  const loads: number[] = [];
  const loadSampler = setInterval(() => loads.push(os.loadavg()[0]!), 30_000);
  loadSampler.unref();
  const sut = await startStackUnderTest({ name: 'bench', log: () => undefined });
  // Ctrl-C or a kill stops the stack too: its servers run in process groups of their own
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      out(`${signal}: stopping the stack`);
      void sut.stop().finally(() => process.exit(130));
    });
  const projectorRedis = new Redis(sut.stack.redisUrl, { maxRetriesPerRequest: null });
  const figures: Figure[] = [];
  const report = (f: Figure) => {
    figures.push(f);
    out(figureLine(f));
  };
  try {
    const web = await sut.startGcflow(['web', 'deploy'], 'web');
    const recorder = new LagRecorder();
    const projector = await startProjector({
      redis: projectorRedis,
      mongo: sut.db,
      group: PROJECTOR_GROUP,
      consumer: 'bench-projector',
      onBatch: recorder.onBatch,
      log: (line) => fs.appendFileSync(path.join(sut.stack.logDir, 'projector.log'), `${line}\n`),
    });
    const api = createApiClient(web.url!);
    // the bench process runs the projector (and the load drivers): counted with the stack
    const pids = () => [...sut.pids(), process.pid];
    progress(
      `stack up in ${((Date.now() - began) / 1000).toFixed(0)} s at ${web.url}; Mongo-wire: ${sut.stack.mongoKind}`,
    );
    await sleep(5000);
    const atRest = residentMemory(pids());

    const watcher = watchResidentMemory(pids);
    let workers: Promise<unknown> | undefined;
    const startWorkers = () => (workers ??= sut.startGcflow(['workers'], 'workers'));
    // without the engine figure, the lag figure loads at 50 % of one complaint per second
    let oursPerSecond = 1;
    if (runs('engine')) {
      progress('engine overhead: reference (no-op workers), then ours (real workers, API)');
      const engine = await measureEngineOverhead(sut, api, SIZES.engine, async () => {
        await startWorkers();
      });
      report(engine.figure);
      oursPerSecond = engine.oursPerSecond;
    }
    if (runs('lag')) {
      await startWorkers();
      progress(`projection lag at 50 % of ${oursPerSecond.toFixed(2)} complaints/s`);
      for (const f of await measureProjectionLag(
        sut,
        api,
        recorder,
        oursPerSecond,
        SIZES.lagSeconds,
        PROJECTOR_GROUP,
      ))
        report(f);
    }
    if (runs('sla')) {
      await startWorkers();
      progress(`SLA breach over ${SIZES.sla.deadlines} deadlines`);
      report(await measureSlaBreach(sut, api, SIZES.sla));
    }
    watcher.stop();
    const underLoad = watcher.peak();
    if (runs('engine') || runs('lag') || runs('sla'))
      report({
        name: 'resident memory (PSS) of the whole stack (broker, Redis, Mongo-wire + PostgreSQL, node processes), peak under load vs at rest',
        ours: underLoad / 2 ** 20,
        reference: atRest / 2 ** 20,
        unit: 'MB',
        target: '< 3 GB under load',
        met: underLoad < 3 * 2 ** 30,
        note: `at rest ${megabytes(atRest)}, peak ${megabytes(underLoad)}; the bench process (projector + drivers) is counted`,
      });

    if (runs('inbox')) {
      progress('inbox query on seeded open tasks');
      for (const f of await measureInboxQuery(sut, api, SIZES.inbox, progress)) report(f);
    }
    if (runs('dashboard')) {
      progress('dashboard on seeded history');
      for (const f of await measureDashboard(sut, api, SIZES.dashboard, progress)) report(f);
    }

    await projector.stop();
    out('');
    const load = loads.length ? loads : [os.loadavg()[0]!];
    out(
      `summary (${((Date.now() - began) / 60_000).toFixed(1)} min; 1-min load average during the run: ` +
        `min ${Math.min(...load).toFixed(1)}, mean ${(load.reduce((a, b) => a + b, 0) / load.length).toFixed(1)}, ` +
        `max ${Math.max(...load).toFixed(1)} on ${os.cpus().length} cores):`,
    );
    for (const f of figures) out(figureLine(f));
  } catch (err) {
    // the stack's directory goes with it: keep the logs of a failed run
    const kept = path.join(path.dirname(sut.stateDir), `bench-failed-${Date.now()}`);
    fs.cpSync(sut.stack.logDir, kept, { recursive: true });
    out(`logs of the failed run kept in ${kept}`);
    throw err;
  } finally {
    projectorRedis.disconnect();
    await sut.stop();
  }
}

run()
  .then(() => process.exit(0))
  .catch((err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
