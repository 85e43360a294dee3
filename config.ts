import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting gcflow reads from the environment, with its type, default and meaning, checked at boot.
 * Nothing else reads process.env for configuration.
 */
/** An optional text where an empty value means unset (`REDIS_URL= npm start` starts a local Redis). */
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

const configSchema = z.object({
  /** `production` refuses the demo seed and requires JWT_SECRET. Default `development`. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port of the web server (API and app). Default 3000. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address the web server binds to. Default 127.0.0.1 (loopback); 0.0.0.0 in containers. */
  HOST: z.string().default('127.0.0.1'),
  /** Zeebe gateway `host:port`. When unset, `npm start` runs a local broker on 127.0.0.1:26500. */
  ZEEBE_ADDRESS: optionalText,
  /** Redis the exporter writes to (`redis://host:port`). When unset, `npm start` runs one on port 6389. */
  REDIS_URL: optionalText,
  /** MongoDB connection string. When unset, `npm start` runs FerretDB (or mongod) on 127.0.0.1:27017. */
  MONGODB_URI: optionalText,
  /** Database name when MONGODB_URI names none. Default `gcflow`. */
  MONGODB_DB: z.string().default('gcflow'),
  /** Secret that signs access tokens. Required in production; a random one per start otherwise. */
  JWT_SECRET: z.string().min(32).optional(),
  /** Password of every demo account (not in production). Default `demo1234`. */
  DEMO_PASSWORD: z.string().min(6).default('demo1234'),
  /** Data and logs of the local stack. Default `.stack/local` in the project. */
  GCFLOW_STATE_DIR: z.string().default(path.resolve(__dirname, '.stack', 'local')),
  /** Downloads and builds (Zeebe, exporter, FerretDB). Default `~/.cache/gcflow`. */
  GCFLOW_CACHE_DIR: z.string().default(path.join(os.homedir(), '.cache', 'gcflow')),
  /**
   * FerretDB's backend in the local stack: `postgresql` (Debian's PostgreSQL; FerretDB pushes filters down),
   * `sqlite` (no extra server, every query scans), `auto` (PostgreSQL when installed). Default `auto`.
   */
  GCFLOW_FERRETDB_BACKEND: z.enum(['auto', 'postgresql', 'sqlite']).default('auto'),
  /**
   * Public address of the web app as customers reach it (e.g. `https://gcflow.example.cn`), for the
   * absolute links in survey invitations. Default: the web server's own address (local use only).
   */
  GCFLOW_PUBLIC_BASE_URL: optionalText.pipe(
    z
      .string()
      .url()
      .refine((value) => /^https?:\/\//.test(value), 'expected an http(s) URL')
      .refine((value) => !/[?#]/.test(value), 'expected a base URL without query or fragment')
      .optional(),
  ),
  /** Redis consumer group of the projector; every projector of one deployment shares it. */
  PROJECTOR_GROUP: z.string().default('gcflow-projector'),
  /** This projector's consumer name in the group; stable across restarts so it resumes its pending records. */
  PROJECTOR_CONSUMER: z.string().default(`projector-${os.hostname()}`),
  /** When set, this process stops once that process (the bench or test that started it) is gone. */
  GCFLOW_PARENT_PID: z.coerce.number().int().min(2).optional(),
  /**
   * The parts this process runs, comma-separated: `web`, `projector`, `workers`, `deploy`. Default all;
   * a deployment runs web+projector+deploy in one service and scales `workers` in another.
   */
  GCFLOW_ROLES: z
    .string()
    .default('web,projector,workers,deploy')
    .transform((value) => value.split(',').map((role) => role.trim()))
    .pipe(z.array(z.enum(['web', 'projector', 'workers', 'deploy'])).min(1)),
});

export type Config = z.infer<typeof configSchema>;

/** Reads and checks the configuration; a bad value stops the boot with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    throw new Error('invalid configuration: JWT_SECRET (32+ characters) is required in production');
  }
  return config;
}

/**
 * The base of the links customers open (survey pages): GCFLOW_PUBLIC_BASE_URL, else the address the web
 * server listens on, else the one it would listen on. Without a trailing slash.
 */
export function publicBaseUrl(
  config: Pick<Config, 'GCFLOW_PUBLIC_BASE_URL' | 'HOST' | 'PORT'>,
  listeningUrl?: string,
): string {
  // a wildcard bind address is no address a browser can open; the local machine answers on loopback
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;
  const base = config.GCFLOW_PUBLIC_BASE_URL ?? listeningUrl ?? `http://${host}:${config.PORT}`;
  return base.replace(/\/+$/, '');
}
