import type { ApiClient } from '../support/api-client';
import path from 'node:path';
import { spawnManaged } from '../../scripts/stack/managed-process';
import { runComplaints, startInboxDriver } from '../support/complaint-path';
import { until } from '../support/percentiles';
import fs from 'node:fs';
import type { Figure } from '../support/report';
import type { StackUnderTest } from '../support/stack-under-test';

export interface EngineOverhead {
  figure: Figure;
  /** Our completed complaints per second: the maximum the projection-lag figure loads at half of. */
  oursPerSecond: number;
}

/**
 * Complaint happy paths to their end on one broker, first with no-op workers completing every job at once
 * (the engine alone), then with gcflow's real workers, assigner and SLA monitor and staff completing the
 * user tasks through the API and customers answering on the survey page. Completed instances per second.
 */
export async function measureEngineOverhead(
  sut: StackUnderTest,
  api: ApiClient,
  size: { count: number; perSecond: number; timeoutMs: number },
  startRealWorkers: () => Promise<void>,
): Promise<EngineOverhead> {
  const logFile = path.join(sut.stack.logDir, 'noop-workers.log');
  const noop = spawnManaged(
    'no-op workers',
    path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx'),
    [path.join(__dirname, '..', 'support', 'noop-workers-main.ts')],
    { env: sut.env, logFile },
  );
  await until(() => fs.existsSync(logFile) && fs.readFileSync(logFile, 'utf8').includes('ready'), 60_000);
  // warm-up: the broker's first instances pay for class loading and JIT
  await runComplaints(sut.zbc, sut.db, { count: 10, perSecond: 5, timeoutMs: 60_000 });
  const reference = await runComplaints(sut.zbc, sut.db, size);
  process.kill(-noop.pid, 'SIGKILL');
  await noop.exited;

  await startRealWorkers();
  const driver = startInboxDriver({ api, db: sut.db });
  const ours = await runComplaints(sut.zbc, sut.db, size);
  await driver.stop();
  const errors = [...driver.counts.errors].map(([k, v]) => `${k}×${v}`).join(', ');
  return {
    oursPerSecond: ours.perSecond,
    figure: {
      name: `engine: complaints completed per second, ${size.count} instances started at ${size.perSecond}/s (real workers + API vs no-op workers)`,
      ours: ours.perSecond,
      reference: reference.perSecond,
      unit: 'inst/s',
      target: 'ours ≥ 0.8 × reference',
      met: ours.perSecond >= 0.8 * reference.perSecond && ours.failed === 0,
      note:
        `ours ${ours.completed} done/${ours.failed} failed in ${ours.seconds.toFixed(1)} s, reference ${reference.completed}/${reference.failed} in ${reference.seconds.toFixed(1)} s` +
        `; API completions ${driver.counts.completed}, surveys ${driver.counts.surveysAnswered}, doubles ${driver.counts.doubleCompleted}` +
        (errors ? `; errors ${errors}` : ''),
    },
  };
}
