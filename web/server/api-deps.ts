import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';

/** What the API's use cases are given: one Zeebe client, one Mongo connection, one Redis, the clock. */
export interface ApiDeps {
  zbc: ZBClient;
  /** The database of the projection and of gcflow's own collections (one database in a deployment). */
  mongo: Connection;
  redis: Redis;
  projectorGroup: string;
  /** Signs and checks tokens (HS256 only). */
  jwtSecret: string;
  /** Lifetime of an access token; short, since a refresh token renews it. Default 900 s. */
  accessTokenTtlSeconds?: number;
  /** Lifetime of a refresh token. Default 8 h (a working day). */
  refreshTokenTtlSeconds?: number;
  /** Login attempts per IP and username per minute before 429. Default 10. */
  loginRateLimit?: number;
  /** Survey requests per IP per minute before 429. Default 30. */
  surveyRateLimit?: number;
  /** How often the event stream looks for projection progress. Default 1000 ms. */
  eventPollMs?: number;
  log: (line: string) => void;
  now?: () => Date;
}

export function nowOf(deps: Pick<ApiDeps, 'now'>): Date {
  return deps.now ? deps.now() : new Date();
}
