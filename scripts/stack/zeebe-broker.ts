import fs from 'node:fs';
import path from 'node:path';
import { ensureRedisExporterJar, ensureZeebeDistribution } from './artifacts';
import { spawnManaged, waitUntilReady, type ManagedProcess } from './managed-process';
import { assertPortFree } from './ports';
import { findBrokerJavaHome } from './prerequisites';

export interface BrokerOptions {
  gatewayPort: number;
  commandPort: number;
  internalPort: number;
  managementPort: number;
  redisUrl: string;
  dataDir: string;
  logDir: string;
  cacheDir: string;
  /** Exporter batch cycle: how long records may wait before they reach Redis. */
  exportCycleMillis?: number;
}

/**
 * A single Zeebe broker with its embedded gateway on loopback, one partition, its own data directory, and
 * the Redis exporter streaming every record as JSON.
 */
export async function startZeebeBroker(options: BrokerOptions): Promise<ManagedProcess> {
  const javaHome = findBrokerJavaHome();
  const [zeebeHome, exporterJar] = await Promise.all([
    ensureZeebeDistribution(options.cacheDir),
    ensureRedisExporterJar(options.cacheDir),
  ]);
  for (const [port, what] of [
    [options.gatewayPort, 'the Zeebe gateway'],
    [options.commandPort, 'the Zeebe command API'],
    [options.internalPort, 'the Zeebe internal API'],
    [options.managementPort, 'the Zeebe management API'],
  ] as const) {
    await assertPortFree(port, what);
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const configFile = path.join(options.dataDir, '..', 'broker.yaml');
  fs.writeFileSync(configFile, brokerConfig(options, exporterJar));
  const proc = spawnManaged('zeebe', path.join(zeebeHome, 'bin', 'broker'), [], {
    cwd: zeebeHome,
    logFile: path.join(options.logDir, 'zeebe.log'),
    env: {
      ...process.env,
      JAVA_HOME: javaHome,
      // 2 cores / 24 GB: a 1 GB heap is plenty for one partition; the log segments live off-heap.
      JAVA_OPTS: '-Xms512m -Xmx1g -XX:MaxDirectMemorySize=1g --enable-native-access=ALL-UNNAMED',
      SPRING_CONFIG_LOCATION: `file:${configFile}`,
      ZEEBE_LOG_LEVEL: process.env.ZEEBE_LOG_LEVEL ?? 'warn',
      ZEEBE_LOG_APPENDER: 'Console',
    },
  });
  await waitUntilReady(proc, () => isReady(options.managementPort), 180_000);
  return proc;
}

async function isReady(managementPort: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${managementPort}/actuator/health/readiness`);
  return response.ok;
}

function brokerConfig(o: BrokerOptions, exporterJar: string): string {
  return `# written by scripts/stack/zeebe-broker.ts for this run
zeebe:
  broker:
    gateway:
      enable: true
      network:
        host: 127.0.0.1
        port: ${o.gatewayPort}
    network:
      host: 127.0.0.1
      commandApi:
        port: ${o.commandPort}
      internalApi:
        port: ${o.internalPort}
    data:
      directory: ${o.dataDir}
      disk:
        # developer machines here can run low on disk; the broker must not refuse commands for it
        enableMonitoring: false
    cluster:
      partitionsCount: 1
      replicationFactor: 1
      clusterSize: 1
    threads:
      cpuThreadCount: 2
      ioThreadCount: 2
    exporters:
      redis:
        className: io.zeebe.redis.exporter.RedisExporter
        jarPath: ${exporterJar}
        args:
          remoteAddress: ${o.redisUrl}
          format: json
          batchCycleMillis: ${o.exportCycleMillis ?? 100}
          # keep records until every consumer group acknowledged them; no time limit, so a projector that
          # was down for hours still finds everything it missed
          deleteAfterAcknowledge: true
          maxTimeToLiveInSeconds: 0
server:
  address: 127.0.0.1
  port: ${o.managementPort}
management:
  server:
    port: ${o.managementPort}
`;
}
