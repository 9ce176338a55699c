import { listDatasets, type DatasetName } from '@hsic/data';
import type { PaperFigure } from './paper-figure.js';

/**
 * Our epochs per epoch of the paper when a figure runs on other data: the paper's training-set size over ours
 * (7.5 for the 8,000 embedded digits against MNIST's 60,000), at least 1. The registry knows every size, so
 * this needs no data on disk.
 */
export function defaultEpochScale(figure: PaperFigure, dataset: DatasetName): number {
  const sizes = new Map(listDatasets().map((d) => [d.name, d.trainCount]));
  const paper = sizes.get(figure.paperDataset);
  const ours = sizes.get(dataset);
  return paper && ours && ours < paper ? paper / ours : 1;
}
