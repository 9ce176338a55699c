/**
 * Lets pending I/O and timers run. A training step is synchronous compute; without this between
 * batches a long epoch would starve the event loop (file writes, heartbeats, database calls,
 * cancellation timers all wait for the epoch to end).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
