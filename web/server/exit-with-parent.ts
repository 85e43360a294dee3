/**
 * Ends a child process when the process that started it is gone. A worker orphaned by a killed test run or
 * bench keeps reconnecting to a broker that no longer exists and spins a core on a shared machine.
 * Watches `pid` when given (a `tsx` wrapper may sit between the starter and this process), otherwise the
 * parent at the time of the call; being reparented (ppid changed) counts as orphaned too.
 */
export function exitWithParent(
  options: { pid?: number; onGone?: () => Promise<void> | void; everyMs?: number } = {},
): { stop(): void } {
  const parentAtStart = process.ppid;
  const watched = options.pid ?? parentAtStart;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      // EPERM: it exists but belongs to someone else
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  let leaving = false;
  const timer = setInterval(() => {
    if (leaving || (process.ppid === parentAtStart && alive(watched))) return;
    leaving = true;
    clearInterval(timer);
    // bounded: a stop that waits on a dead broker must not keep the orphan alive
    setTimeout(() => process.exit(1), 10_000).unref();
    void Promise.resolve()
      .then(options.onGone)
      .catch(() => undefined)
      .finally(() => process.exit(0));
  }, options.everyMs ?? 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
