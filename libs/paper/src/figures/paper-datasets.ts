import type { DatasetName } from '@hsic/data';

/** The datasets the paper reports on. */
export type PaperDataset = 'mnist' | 'fashion-mnist' | 'cifar10';

export const PAPER_DATASET_NAMES: Readonly<Record<PaperDataset, string>> = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST', cifar10: 'CIFAR-10' };

/** The paper's dataset a run on `dataset` is compared with: the embedded 10,000 digits stand in for MNIST. */
export const paperDatasetOf = (dataset: DatasetName): PaperDataset => (dataset === 'mnist-10k' ? 'mnist' : dataset);
