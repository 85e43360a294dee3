import type { User } from './session';

/** What a screen gets: the account, the route's parameters and navigation. */
export interface ScreenContext {
  user: User;
  params: Record<string, string>;
  navigate(path: string): void;
}

/** A screen renders into `root` and returns its clean-up (closing event streams, destroying viewers). */
export type Screen = (root: HTMLElement, ctx: ScreenContext) => Promise<(() => void) | void>;
