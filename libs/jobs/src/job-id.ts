import { createHash } from 'node:crypto';

/**
 * The job id for an idempotency key: a UUID (pg-boss's id type) derived from queue and key, so every
 * process sending the same key computes the same id and the queue keeps one job (RFC 9562 version 8 layout).
 */
export function jobIdFor(queue: string, idempotencyKey: string): string {
  const hash = createHash('sha256').update(`${queue}\u0000${idempotencyKey}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Idempotency key of a schedule tick: one job per (schedule, minute). */
export const tickKey = (scheduleName: string, tick: Date): string => `schedule:${scheduleName}@${tick.toISOString()}`;
