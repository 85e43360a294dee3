import type { RunningTestStack } from './support/test-stack';

export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as { __gcflowTestStack?: RunningTestStack }).__gcflowTestStack;
  await running?.stop();
}
