import { createRng, type Rng } from '@hsic/data';
import { tf, type Tensor } from '../tf.js';

export const INITIALIZERS = ['pytorch', 'glorot'] as const;
export type Initializer = (typeof INITIALIZERS)[number];

/**
 * Seeded parameter initialisation. 'pytorch' is PyTorch's default for Linear and Conv2d:
 * weights and biases both ~ U(±1/√fan_in) (tfjs's default, Glorot weights and zero bias, trains
 * differently from the reference). One generator per network keeps every run reproducible.
 */
export class ParameterInit {
  private readonly rng: Rng;

  constructor(seed: number, readonly scheme: Initializer) {
    this.rng = createRng(seed);
  }

  weight(shape: number[], fanIn: number, fanOut: number): Tensor {
    const bound = this.scheme === 'pytorch' ? 1 / Math.sqrt(fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    return this.uniform(shape, bound);
  }

  bias(size: number, fanIn: number): Tensor {
    return this.scheme === 'pytorch' ? this.uniform([size], 1 / Math.sqrt(fanIn)) : tf.zeros([size]);
  }

  private uniform(shape: number[], bound: number): Tensor {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = (2 * this.rng.next() - 1) * bound;
    return tf.tensor(values, shape);
  }
}
