import type { Connection } from 'mongoose';

/**
 * Wall time of each phase of one projector batch, and the Mongo commands it sent when the connection
 * monitors commands (`monitorCommands: true`; otherwise counted as 0): the log line of a slow batch says
 * where the time went. Phases are marked in order; `time` measures one of several concurrent ones.
 */
export interface BatchTiming {
  /** Ends the phase running since the previous mark. */
  mark(phase: string): void;
  /** Measures one of several concurrent phases by itself (its time is also inside the next mark's). */
  time<T>(phase: string, work: Promise<T>): Promise<T>;
  totalMs(): number;
  /** `read 3 ms/0, derive 120 ms/14, …` (ms / Mongo commands). */
  summary(): string;
}

export function commandCounter(mongo: Connection): () => number {
  let sent = 0;
  try {
    mongo.getClient().on('commandStarted', () => sent++);
  } catch {
    // a connection not opened yet has no client: nothing counted
  }
  return () => sent;
}

export function batchTiming(
  commandsSent: () => number = () => 0,
  now = () => performance.now(),
): BatchTiming {
  const began = now();
  let last = began;
  let lastCommands = commandsSent();
  const phases: string[] = [];
  return {
    mark(phase) {
      const at = now();
      const commands = commandsSent();
      phases.push(`${phase} ${Math.round(at - last)} ms/${commands - lastCommands}`);
      last = at;
      lastCommands = commands;
    },
    async time(phase, work) {
      const start = now();
      try {
        return await work;
      } finally {
        phases.push(`(${phase} ${Math.round(now() - start)} ms)`);
      }
    },
    totalMs: () => now() - began,
    summary: () => phases.join(', '),
  };
}
