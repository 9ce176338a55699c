/** Time for the cron scheduler; injectable so tests can move through ticks without waiting. */
export interface Clock {
  now(): Date;
  /** Runs `callback` after `ms`; the handle cancels it. */
  setTimer(ms: number, callback: () => void | Promise<void>): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(ms, callback) {
    const timer = setTimeout(() => void callback(), ms);
    timer.unref(); // a pending tick must not keep a process alive on its own
    return { cancel: () => clearTimeout(timer) };
  },
};
