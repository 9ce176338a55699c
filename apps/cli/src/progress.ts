import type { TrainingEvent } from '@hsic/engine';

/**
 * A one-line progress bar with live per-layer nHSIC on a terminal; on anything else (CI logs,
 * pipes) one line per epoch, so logs stay readable.
 */
export class ProgressReporter {
  private lastDraw = 0;
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(stream.isTTY);
  }

  readonly listener = (event: TrainingEvent): void => {
    if (event.kind === 'phase-start') {
      this.line(`${event.phase}: ${event.epochs} epoch(s), ${event.batchesPerEpoch} batches each, backend ${event.backend}`);
    } else if (event.kind === 'batch' && this.tty) {
      const now = performance.now();
      if (now - this.lastDraw < 100 && event.batch + 1 < event.batches) return;
      this.lastDraw = now;
      const width = 24;
      const done = Math.round(((event.batch + 1) / event.batches) * width);
      const detail = event.layers
        ? event.layers.map((l) => `${l.nhsicX.toFixed(1)}/${l.nhsicY.toFixed(2)}`).join(' ')
        : `loss ${event.loss?.toFixed(3)} acc ${((event.accuracy ?? 0) * 100).toFixed(1)}%`;
      const bar = `${'#'.repeat(done)}${'-'.repeat(width - done)}`;
      const text = `${event.phase} ${event.epoch} [${bar}] ${event.batch + 1}/${event.batches} ${event.layers ? 'nHSIC(X)/nHSIC(Y) per layer: ' : ''}${detail}`;
      this.stream.write(`\r${text.slice(0, (this.stream.columns ?? 160) - 1)}\x1b[K`);
    } else if (event.kind === 'epoch') {
      const parts = [`${event.phase} epoch ${event.epoch}`];
      if (event.seconds > 0) parts.push(`${event.seconds.toFixed(1)} s`, `${Math.round(event.samplesPerSecond)} samples/s`);
      if (event.layers) parts.push(`nHSIC(X,Z)/nHSIC(Y,Z): ${event.layers.map((l) => `${l.nhsicX.toFixed(2)}/${l.nhsicY.toFixed(2)}`).join(' ')}`);
      if (event.trainAccuracy !== undefined) parts.push(`train ${(event.trainAccuracy * 100).toFixed(2)} %`);
      if (event.testAccuracy !== undefined) parts.push(`test ${(event.testAccuracy * 100).toFixed(2)} %`);
      if (event.unformatted) {
        const u = event.unformatted;
        parts.push(`unformatted test: train-fitted ${(u.trainFitted * 100).toFixed(2)} %, served ${(u.served * 100).toFixed(2)} %, reference-style ${(u.sameSplit * 100).toFixed(2)} %`);
      }
      this.line(parts.join(' · '));
    }
  };

  private line(text: string): void {
    this.stream.write(`${this.tty ? '\r\x1b[K' : ''}${text}\n`);
  }
}
