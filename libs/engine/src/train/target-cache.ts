import type { BatchTargets } from '../hsic/layer-objective.js';

/**
 * Keeps per-batch kernel targets across epochs. They depend only on the batch's inputs and labels,
 * so with unshuffled batches (the reference's setting) epochs after the first skip the input-kernel
 * solve entirely. Bounded by a memory budget; batches past it are recomputed every time.
 */
export class TargetCache {
  private readonly entries = new Map<number, BatchTargets>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(key: number): BatchTargets | undefined {
    return this.entries.get(key);
  }

  /** Stores the targets if they fit; returns whether the cache now owns them. */
  offer(key: number, targets: BatchTargets): boolean {
    // R_x and R_y on the host, λ·M on the backend and its packed copy in wasm's matmul operator cache.
    const size = 4 * targets.size * targets.size * 4;
    if (this.bytes + size > this.budgetBytes) return false;
    this.entries.set(key, targets);
    this.bytes += size;
    return true;
  }

  dispose(): void {
    for (const targets of this.entries.values()) targets.dispose();
    this.entries.clear();
    this.bytes = 0;
  }
}
