import fs from 'node:fs';

/**
 * Proportional resident memory in bytes of one process (0 when it is gone): its private pages plus its share
 * of pages it shares. Plain RSS counted PostgreSQL's shared buffers once per backend (200 pooled connections:
 * a 6 GB "peak" of a stack using far less).
 */
function rssOf(pid: number): number {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // no smaps_rollup (older kernels): RSS below
  }
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every process below the given ones (the broker's JVM under its start script, tsx's node child, …). */
function withDescendants(roots: readonly number[]): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // the command may contain spaces and parentheses: the fields start after the last ')'
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const all = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (all.has(ppid) && !all.has(pid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

/** The summed proportional resident memory (PSS) of the given processes and all their descendants, in bytes. */
export function residentMemory(roots: readonly number[]): number {
  return withDescendants(roots).reduce((sum, pid) => sum + rssOf(pid), 0);
}

/** Samples the resident memory every second until stopped; keeps the peak. */
export function watchResidentMemory(pids: () => readonly number[]): { peak(): number; stop(): void } {
  let peak = residentMemory(pids());
  const timer = setInterval(() => {
    peak = Math.max(peak, residentMemory(pids()));
  }, 1000);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

export const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
