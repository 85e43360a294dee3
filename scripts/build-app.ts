/**
 * Builds the SPA (web/app → web/app/dist) with Vite when dist is missing or older than anything it is built
 * from (the app's sources, the lint rules and element templates it bundles, the installed packages); does
 * nothing otherwise, so `npm start` stays fast once built. Used by `npm start` and the browser tests.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
const appDir = path.join(repoRoot, 'web/app');
/** The built app's entry; its modification time is the build's. */
export const BUILT_INDEX = path.join(appDir, 'dist/index.html');

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/** What the build reads; a change to any of them makes the built app stale. */
const SOURCES = [
  path.join(appDir, 'src'),
  path.join(appDir, 'index.html'),
  path.join(appDir, 'vite.config.mts'),
  path.join(repoRoot, '.bpmnlintrc'),
  path.join(repoRoot, 'processes/element-templates'),
  path.join(repoRoot, 'package-lock.json'),
];

export function appIsStale(): boolean {
  if (!fs.existsSync(BUILT_INDEX)) return true;
  const built = fs.statSync(BUILT_INDEX).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built);
}

/** Builds the app if stale; returns whether it built. */
export function ensureAppBuilt(log: (line: string) => void = () => undefined): boolean {
  if (!appIsStale()) return false;
  log('building the web app (web/app → web/app/dist)…');
  const started = Date.now();
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      path.join(appDir, 'vite.config.mts'),
      '--logLevel',
      'warn',
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
  log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (require.main === module) ensureAppBuilt((line) => process.stdout.write(`${line}\n`));
