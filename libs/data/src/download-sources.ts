import type { DatasetName } from './dataset-types.js';

/** What we know about a published file; every field that is present is verified. */
export interface ExpectedContent {
  readonly size?: number;
  /** Lower-case hex. The publishers of MNIST, Fashion-MNIST and CIFAR-10 publish MD5 only. */
  readonly md5?: string;
  readonly sha256?: string;
}

export interface PublishedFile extends ExpectedContent {
  readonly fileName: string;
}

/** Datasets published as separate files under one base URL. */
export interface FilesSource {
  readonly kind: 'files';
  readonly baseUrl: string;
  readonly files: readonly PublishedFile[];
}

/** Datasets published as one .tar.gz from which we keep some members. */
export interface TarGzSource {
  readonly kind: 'tar.gz';
  readonly baseUrl: string;
  readonly archive: PublishedFile;
  /** Base names of the members to extract (their folder inside the archive is ignored). */
  readonly members: readonly string[];
  /** Exact size of every extracted member, checked after extraction. */
  readonly memberSize: number;
}

export type DownloadSource = FilesSource | TarGzSource;

export type DownloadableDataset = Exclude<DatasetName, 'mnist-10k'>;

/**
 * Sizes and MD5s are the ones the publishers list (and torchvision pins). Google's CVDF
 * mirror serves the original LeCun files byte for byte; Zalando's S3 website endpoint is
 * plain HTTP only, which the checksum makes acceptable.
 */
export const DOWNLOAD_SOURCES: Readonly<Record<DownloadableDataset, DownloadSource>> = {
  mnist: {
    kind: 'files',
    baseUrl: 'https://storage.googleapis.com/cvdf-datasets/mnist/',
    files: [
      { fileName: 'train-images-idx3-ubyte.gz', size: 9912422, md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
      { fileName: 'train-labels-idx1-ubyte.gz', size: 28881, md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
      { fileName: 't10k-images-idx3-ubyte.gz', size: 1648877, md5: '9fb629c4189551a2d022fa330f9573f3' },
      { fileName: 't10k-labels-idx1-ubyte.gz', size: 4542, md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
    ],
  },
  'fashion-mnist': {
    kind: 'files',
    baseUrl: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    files: [
      { fileName: 'train-images-idx3-ubyte.gz', size: 26421880, md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
      { fileName: 'train-labels-idx1-ubyte.gz', size: 29515, md5: '25c81989df183df01b3e8a0aad5dffbe' },
      { fileName: 't10k-images-idx3-ubyte.gz', size: 4422102, md5: 'bef4ecab320f06d8554ea6380940ec79' },
      { fileName: 't10k-labels-idx1-ubyte.gz', size: 5148, md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
    ],
  },
  cifar10: {
    kind: 'tar.gz',
    baseUrl: 'https://www.cs.toronto.edu/~kriz/',
    archive: { fileName: 'cifar-10-binary.tar.gz', size: 170052171, md5: 'c32a1d4ab5d03f1284b67883e8d87530' },
    members: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'],
    memberSize: 10000 * 3073,
  },
};
