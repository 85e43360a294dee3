/**
 * `npm start`: the whole product on this machine. Starts Redis, the Zeebe broker with the exporter and the
 * Mongo-wire server (each skipped when REDIS_URL, ZEEBE_ADDRESS or MONGODB_URI is given), then gcflow:
 * projector, workers, web server; deploys the processes, seeds demo data and prints where to log in.
 * Ctrl-C stops everything it started, in order.
 */
import { loadConfig } from '../config';
import { DEMO_STAFF } from '../web/server/demo/demo-data';
import { startGcflow, type RunningGcflow } from '../web/server/gcflow';
import { ensureAppBuilt } from './build-app';
import { logTail } from './stack/managed-process';
import { MissingPrerequisiteError } from './stack/prerequisites';
import { startLocalStack, type LocalStack } from './stack';

const log = (line: string) => process.stdout.write(`[gcflow] ${line}\n`);

async function run(): Promise<void> {
  const config = loadConfig();
  const startedAt = Date.now();
  let stack: LocalStack | undefined;
  let gcflow: RunningGcflow | undefined;
  let stopping = false;

  const shutdown = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    // whatever hangs while stopping (a dead part's client), the servers still go and the command still ends
    setTimeout(() => {
      log('stopping took too long; killing what is left');
      for (const proc of stack?.processes ?? []) {
        try {
          process.kill(-proc.pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      process.exit(exitCode || 1);
    }, 45_000).unref();
    await gcflow?.stop().catch((err: Error) => log(`while stopping gcflow: ${err.message}`));
    await stack?.stop().catch((err: Error) => log(`while stopping the stack: ${err.message}`));
    log('stopped; nothing left running');
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  // a second Ctrl-C while stopping: the stack's processes are still stopped by their own group kill
  process.on('SIGINT', () => log('still stopping, please wait'));

  try {
    // the SPA the web server serves: built on a fresh clone or after a change, skipped when up to date
    if (config.GCFLOW_ROLES.includes('web')) ensureAppBuilt(log);
    stack = await startLocalStack({
      stateDir: config.GCFLOW_STATE_DIR,
      cacheDir: config.GCFLOW_CACHE_DIR,
      ferretdbBackend: config.GCFLOW_FERRETDB_BACKEND,
      external: {
        zeebeAddress: config.ZEEBE_ADDRESS,
        redisUrl: config.REDIS_URL,
        mongoUri: config.MONGODB_URI,
      },
      log,
    });
    for (const proc of stack.processes) {
      void proc.exited.then(({ code, signal }) => {
        if (stopping) return;
        log(
          `${proc.name} exited unexpectedly (code ${code}, signal ${signal}); its log ${proc.logFile} ends:`,
        );
        process.stdout.write(`${logTail(proc.logFile)}\n`);
        void shutdown(1);
      });
    }
    gcflow = await startGcflow(config, stack, log, config.GCFLOW_ROLES);
  } catch (err) {
    if (err instanceof MissingPrerequisiteError) log(err.message);
    else log(`could not start: ${(err as Error).message}`);
    await shutdown(1);
    return;
  }

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const logins = DEMO_STAFF.map((s) => `${s.username} (${s.roles.join(', ')}${s.city ? `, ${s.city}` : ''})`);
  log(`ready in ${seconds} s`);
  if (gcflow.url) log(`web:    ${gcflow.url}   health: ${gcflow.url}/api/health`);
  log(
    `zeebe:  ${stack.zeebeAddress} (plaintext gRPC, e.g. zbctl --insecure --address ${stack.zeebeAddress})`,
  );
  log(`redis:  ${stack.redisUrl}   mongo: ${stack.mongoUri} (${stack.mongoKind})   logs: ${stack.logDir}`);
  if (config.NODE_ENV !== 'production') {
    log(`demo logins (password: ${process.env.DEMO_PASSWORD ? 'DEMO_PASSWORD' : config.DEMO_PASSWORD}):`);
    for (const login of logins) log(`  ${login}`);
  }
  log('Ctrl-C stops everything');
}

run().catch((err: Error) => {
  log(`failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
