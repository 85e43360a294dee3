/**
 * A real job worker in a process of its own that does its job's work but never completes it: it prints
 * `side-effects-done <jobKey>` and hangs, for the test to kill it with SIGKILL (a worker dying mid-job).
 * Env: ZEEBE_ADDRESS, MONGODB_URI, CRASH_DB (the test file's database), CRASH_JOB_TYPE, CRASH_RUN_ID.
 */
import mongoose from 'mongoose';
import { ZBClient } from 'zeebe-node';
import { JOB_WORKERS } from '../../workers';
import { mongoConnectionOptions } from '../../models/connection-options';
import { exitWithParent } from '../../web/server/exit-with-parent';

async function run(): Promise<void> {
  // a test run killed before it killed this process must not leave it polling a dead broker
  exitWithParent();
  const { ZEEBE_ADDRESS, MONGODB_URI, CRASH_DB, CRASH_JOB_TYPE, CRASH_RUN_ID } = process.env;
  const worker = JOB_WORKERS.find((w) => w.jobType === CRASH_JOB_TYPE);
  if (!ZEEBE_ADDRESS || !MONGODB_URI || !CRASH_DB || !worker || !CRASH_RUN_ID)
    throw new Error('bad environment');
  const zbc = new ZBClient(ZEEBE_ADDRESS, { loglevel: 'NONE', longPoll: 2000 });
  const mongo = await mongoose.createConnection(MONGODB_URI, mongoConnectionOptions(CRASH_DB)).asPromise();
  const projection = await mongoose
    .createConnection(MONGODB_URI, mongoConnectionOptions('gcflow'))
    .asPromise();
  const handler = worker.createHandler({
    zbc,
    mongo,
    projection,
    log: () => undefined,
    now: () => new Date(),
  });
  zbc.createWorker<Record<string, unknown>, Record<string, string>, Record<string, unknown>>({
    taskType: worker.jobType,
    fetchVariable: [...worker.fetchVariable, 'testRun'],
    // short, so the broker hands the job out again soon after the kill
    timeout: 2000,
    pollInterval: 100,
    loglevel: 'NONE',
    taskHandler: (job, zbWorker) => {
      if (job.variables.testRun !== CRASH_RUN_ID) {
        return job.fail({ errorMessage: 'not a job of this test', retries: job.retries, retryBackOff: 0 });
      }
      const dying = {
        ...job,
        complete: async () => {
          process.stdout.write(`side-effects-done ${job.key}\n`);
          return new Promise<never>(() => undefined);
        },
      };
      return handler(dying as never, zbWorker as never);
    },
  });
  process.stdout.write('ready\n');
}

run().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
