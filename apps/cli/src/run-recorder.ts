import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchEvent, EpochEvent, TrainingEvent } from '@hsic/engine';

const BATCH_COLUMNS = ['phase', 'epoch', 'batch', 'samples', 'seconds', 'layer', 'nhsic_x', 'nhsic_y', 'layer_loss', 'loss', 'accuracy'];
const EPOCH_COLUMNS = ['phase', 'epoch', 'seconds', 'samples_per_second', 'layer', 'nhsic_x', 'nhsic_y', 'layer_loss', 'train_loss', 'train_accuracy', 'test_accuracy', 'unformatted_train_fitted', 'unformatted_served', 'unformatted_same_split'];

const csvCell = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/**
 * Writes a run's metrics as they arrive: batches.csv and epochs.csv (one row per layer for HSIC
 * rows), and on close metrics.json with every epoch and batch event.
 */
export class RunRecorder {
  readonly batches: BatchEvent[] = [];
  readonly epochs: EpochEvent[] = [];
  private batchCsv!: WriteStream;
  private epochCsv!: WriteStream;

  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<RunRecorder> {
    const recorder = new RunRecorder(dir);
    await mkdir(join(dir, 'metrics'), { recursive: true });
    recorder.batchCsv = createWriteStream(join(dir, 'metrics', 'batches.csv'));
    recorder.epochCsv = createWriteStream(join(dir, 'metrics', 'epochs.csv'));
    recorder.batchCsv.write(`${BATCH_COLUMNS.join(',')}\n`);
    recorder.epochCsv.write(`${EPOCH_COLUMNS.join(',')}\n`);
    return recorder;
  }

  readonly listener = (event: TrainingEvent): void => {
    if (event.kind === 'batch') {
      this.batches.push(event);
      const base = [event.phase, event.epoch, event.batch, event.samples, event.seconds.toFixed(4)];
      const tail = [event.loss, event.accuracy];
      if (event.layers) for (const l of event.layers) this.batchCsv.write(`${[...base, l.layer, l.nhsicX, l.nhsicY, l.loss, ...tail].map(csvCell).join(',')}\n`);
      else this.batchCsv.write(`${[...base, '', '', '', '', ...tail].map(csvCell).join(',')}\n`);
    } else if (event.kind === 'epoch') {
      this.epochs.push(event);
      const base = [event.phase, event.epoch, event.seconds.toFixed(3), event.samplesPerSecond.toFixed(1)];
      const tail = [event.trainLoss, event.trainAccuracy, event.testAccuracy, event.unformatted?.trainFitted, event.unformatted?.served, event.unformatted?.sameSplit];
      if (event.layers) for (const l of event.layers) this.epochCsv.write(`${[...base, l.layer, l.nhsicX, l.nhsicY, l.loss, ...tail].map(csvCell).join(',')}\n`);
      else this.epochCsv.write(`${[...base, '', '', '', '', ...tail].map(csvCell).join(',')}\n`);
    }
  };

  async close(summary: Record<string, unknown>): Promise<void> {
    await Promise.all([this.batchCsv, this.epochCsv].map((s) => new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())))));
    await writeFile(join(this.dir, 'metrics', 'metrics.json'), JSON.stringify({ summary, epochs: this.epochs, batches: this.batches }, null, 1));
  }
}
