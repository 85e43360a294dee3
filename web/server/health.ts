import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { projectionCheckpointModel } from '../../models/projection-checkpoint';
import { PROJECTED_STREAMS } from './projector/record-changes';

export interface HealthReport {
  status: 'ok' | 'degraded';
  zeebe: { reachable: boolean; brokers: number; partitions: number };
  mongo: 'ok' | 'unreachable';
  redis: 'ok' | 'unreachable';
  projection: { lagMs: number | null; recordsBehind: number | null; lastProjectedAt: string | null };
}

export interface HealthDeps {
  zbc: ZBClient;
  mongo: Connection;
  redis: Redis;
  projectorGroup: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref()),
  ]);
}

/** Records the exporter wrote that the projector's group has not read yet (Redis 7 XINFO GROUPS `lag`). */
async function recordsBehind(redis: Redis, group: string): Promise<number> {
  let behind = 0;
  for (const stream of PROJECTED_STREAMS) {
    const groups = (await redis.xinfo('GROUPS', stream).catch(() => [])) as unknown[][];
    for (const info of groups) {
      const fields = Object.fromEntries(
        Array.from({ length: info.length / 2 }, (_, i) => [String(info[2 * i]), info[2 * i + 1]]),
      );
      if (fields.name === group) behind += Number(fields.lag ?? 0) + Number(fields.pending ?? 0);
    }
  }
  return behind;
}

/** Asks each part at once, each with a short timeout, so a dead part makes the report degraded, not slow. */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const [topology, mongoOk, redisOk] = await Promise.all([
    withTimeout(deps.zbc.topology(), 2000).catch(() => undefined),
    withTimeout(deps.mongo.db!.admin().ping(), 2000).then(
      () => true,
      () => false,
    ),
    withTimeout(deps.redis.ping(), 2000).then(
      (pong) => pong === 'PONG',
      () => false,
    ),
  ]);
  let projection: HealthReport['projection'] = { lagMs: null, recordsBehind: null, lastProjectedAt: null };
  if (mongoOk && redisOk) {
    const [checkpoint, behind] = await Promise.all([
      projectionCheckpointModel(deps.mongo).findById(deps.projectorGroup).lean(),
      withTimeout(recordsBehind(deps.redis, deps.projectorGroup), 2000).catch(() => null),
    ]);
    const lastProjectedAt = checkpoint?.lastProjectedAt ?? null;
    // while records wait unread, the lag grows with the wall clock, not with the last batch's figure
    const waiting = behind && lastProjectedAt ? Date.now() - lastProjectedAt.getTime() : 0;
    projection = {
      lagMs: checkpoint ? Math.max(checkpoint.lagMs ?? 0, waiting) : null,
      recordsBehind: behind,
      lastProjectedAt: lastProjectedAt?.toISOString() ?? null,
    };
  }
  const partitions = new Set(topology?.brokers.flatMap((b) => b.partitions.map((p) => p.partitionId)) ?? []);
  const zeebe = {
    reachable: Boolean(topology),
    brokers: topology?.brokers.length ?? 0,
    partitions: partitions.size,
  };
  const ok = zeebe.reachable && zeebe.brokers > 0 && mongoOk && redisOk;
  return {
    status: ok ? 'ok' : 'degraded',
    zeebe,
    mongo: mongoOk ? 'ok' : 'unreachable',
    redis: redisOk ? 'ok' : 'unreachable',
    projection,
  };
}
