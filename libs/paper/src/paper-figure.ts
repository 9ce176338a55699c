import type { DatasetName } from '@hsic/data';
import type { BatchEvent, ClassOutputStatistics, EpochEvent, Phase, PipelineResult, TrainingConfig, TrainingConfigInput } from '@hsic/engine';
import type { TopLevelSpec } from 'vega-lite';

/** How a figure is run: the paper's full version, or a tiny one that finishes in seconds (tests, smoke checks). */
export interface FigureOptions {
  readonly quick: boolean;
  /** The data the runs train on; the figure's paper dataset unless the caller picks another. */
  readonly dataset: DatasetName;
  /**
   * Our epochs per epoch of the paper: its training-set size over ours (1 on the paper's own data). On a smaller
   * set (the 8,000 embedded digits for MNIST's 60,000) a figure may run this many times more epochs, so each of
   * its nets takes as many SGD steps as the paper's did.
   */
  readonly epochScale: number;
}

/** One training run a figure needs, in the engine's own config. */
export interface ExperimentRun {
  /** Stable and file-name safe: results are stored under it, so a repeated command reuses them. */
  readonly id: string;
  readonly label: string;
  readonly config: TrainingConfigInput;
  readonly phases: readonly Phase[];
  /** Keep every training step (loss, accuracy, the last block's monitored nHSIC), for figures drawn per batch. */
  readonly recordBatches?: boolean;
  /** Keep the trained net's last-block output for every test sample (a 1-wide last block: the needle net). */
  readonly keepOutputs?: boolean;
}

/** One training step of a run that records them (numbers to 5 significant digits: they are plotted, not resumed from). */
export interface BatchRecord {
  readonly phase: Phase;
  /** 1-based. */
  readonly epoch: number;
  /** 0-based within the epoch. */
  readonly batch: number;
  readonly loss?: number;
  readonly accuracy?: number;
  /** On monitored batches: nHSIC(X, Z_L) and nHSIC(Y, Z_L) of the last block. */
  readonly nhsicX?: number;
  readonly nhsicY?: number;
}

/** What a finished run leaves for the figure (stored as JSON, so an interrupted experiment resumes run by run). */
export interface RunResult {
  readonly id: string;
  readonly label: string;
  readonly config: TrainingConfig;
  /** What it trained (absent in results stored before figures shared runs). */
  readonly phases?: readonly Phase[];
  readonly dataset: string;
  readonly trainCount: number;
  readonly testCount: number;
  readonly seconds: number;
  readonly epochs: readonly EpochEvent[];
  /** Every step, when the run records them (ExperimentRun.recordBatches). */
  readonly batches?: readonly BatchRecord[];
  readonly testAccuracy: PipelineResult['testAccuracy'];
  /** An unformatted net's outputs per class on the test set (its batches under their own statistics). */
  readonly classOutputs?: ClassOutputStatistics;
  /** ExperimentRun.keepOutputs: each test sample's label and output (batches under their own statistics, 4 significant digits). */
  readonly testOutputs?: { readonly labels: readonly number[]; readonly values: readonly number[] };
  /** The backend it trained on. */
  readonly backend: { readonly name: string; readonly threads: number };
}

export interface FigureTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A figure's chart, its table of our numbers beside the paper's, and what the numbers say, in sentences. */
export interface Presentation {
  readonly chart: TopLevelSpec;
  readonly table: FigureTable;
  readonly findings: readonly string[];
}

export interface PaperFigure {
  /** The name `hsic paper <id>` takes. */
  readonly id: string;
  readonly title: string;
  /** Where it is in the paper, e.g. "Fig. 5 (AAAI numbering)". */
  readonly paperReference: string;
  /** The dataset the paper ran it on (the default of `--dataset`). */
  readonly paperDataset: DatasetName;
  /** The paper's dataset our run on `dataset` is compared with, when the figure covers several (default: paperDataset). */
  comparedWith?(dataset: DatasetName): DatasetName;
  runs(options: FigureOptions): readonly ExperimentRun[];
  present(results: readonly RunResult[], options: FigureOptions): Presentation;
}

const significant = (value: number) => Number(value.toPrecision(5));

/** What a figure keeps of a batch event. */
export function batchRecord(event: BatchEvent): BatchRecord {
  const last = event.layers?.at(-1);
  return {
    phase: event.phase, epoch: event.epoch, batch: event.batch,
    ...(event.loss === undefined ? {} : { loss: significant(event.loss) }),
    ...(event.accuracy === undefined ? {} : { accuracy: significant(event.accuracy) }),
    ...(last ? { nhsicX: significant(last.nhsicX), nhsicY: significant(last.nhsicY) } : {}),
  };
}
