import type { ImageSet } from '@hsic/data';
import { tf, type Tensor2D } from '../tf.js';
import type { NormMode } from '../model/batch-norm.js';
import type { HsicNetwork } from '../model/network.js';
import { loadBatch, planBatches } from './batches.js';

/** Anything that maps flattened inputs to readout features: one HSIC net or a σ-combined ensemble. */
export interface FeatureExtractor {
  readonly outputSize: number;
  features(x: Tensor2D): Tensor2D;
}

/** Extracted features for a whole set, row-major [count, outputSize], computed in chunks. */
export function collectFeatures(extractor: FeatureExtractor, set: ImageSet, chunk = 1000): Float32Array {
  const out = new Float32Array(set.count * extractor.outputSize);
  for (const indices of planBatches(set.count, 0, { batchSize: chunk, shuffle: false, seed: 0 })) {
    const batch = loadBatch(set, indices);
    const features = extractor.features(batch.x);
    out.set(features.dataSync(), indices[0] * extractor.outputSize);
    tf.dispose([features, batch.x]);
  }
  return out;
}

/**
 * Last-block outputs of an HSIC net. With mode 'train' each chunk is normalised by its own batch
 * statistics (what the reference does when it scores the unformatted net); running statistics
 * are not touched either way.
 */
export function collectNetworkOutputs(network: HsicNetwork, set: ImageSet, mode: NormMode, chunk: number): Float32Array {
  if (mode === 'eval') return collectFeatures(network, set, chunk);
  return collectFeatures(
    {
      outputSize: network.outputSize,
      features: (x) =>
        tf.tidy(() => {
          const { outputs } = network.forward(x, 'train');
          return tf.reshape(outputs[outputs.length - 1], [x.shape[0], -1]) as Tensor2D;
        }),
    },
    set,
    chunk,
  );
}
