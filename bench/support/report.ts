import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { findBrokerJavaHome } from '../../scripts/stack/prerequisites';
import { FERRETDB_VERSION, REDIS_EXPORTER_VERSION, ZEEBE_VERSION } from '../../scripts/stack/versions';

/** One figure of the bench: ours beside the reference measured in the same run, their ratio and the target. */
export interface Figure {
  name: string;
  ours: number;
  reference: number;
  unit: string;
  /** How the target reads and whether it was met (undefined: report only). */
  target: string;
  met?: boolean;
  note?: string;
}

const fmt = (n: number) =>
  Number.isNaN(n) ? 'n/a' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);

export function figureLine(f: Figure): string {
  const ratio = f.reference ? f.ours / f.reference : NaN;
  const verdict = f.met === undefined ? 'report' : f.met ? 'MET' : 'NOT MET';
  return (
    `${f.name}: ours ${fmt(f.ours)} ${f.unit} | reference ${fmt(f.reference)} ${f.unit} | ratio ${fmt(ratio)} | ` +
    `target ${f.target} | ${verdict}${f.note ? ` (${f.note})` : ''}`
  );
}

function version(command: string, args: string[]): string {
  // java prints its version on stderr
  const run = spawnSync(command, args, { encoding: 'utf8' });
  return `${run.stdout ?? ''}${run.stderr ?? ''}`.split('\n')[0]?.trim() || 'not found';
}

/** The machine and the versions, printed before any figure. */
export function machineLines(): string[] {
  const load = os.loadavg().map((l) => l.toFixed(2));
  return [
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GB memory, ` +
      `load ${load.join(' ')} at start (shared with other developers' test runs when above ~0.5)`,
    `versions: node ${process.version}, Zeebe ${ZEEBE_VERSION}, Redis exporter ${REDIS_EXPORTER_VERSION}, ` +
      `FerretDB ${FERRETDB_VERSION}, ${version('redis-server', ['--version'])}, ` +
      `broker on ${version(path.join(findBrokerJavaHome(), 'bin', 'java'), ['-version'])}`,
  ];
}
