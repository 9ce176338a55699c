import { tf } from '../tf.js';

/** Row-major dense matrix on the host. */
export interface HostMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export function hostMatrix(rows: number, cols: number, data: Float32Array = new Float32Array(rows * cols)): HostMatrix {
  return { rows, cols, data };
}

/** Copies the block at (row, col) of the given size, one row-slice copy per row. */
export function extractBlock(m: HostMatrix, row: number, col: number, rows: number, cols: number): HostMatrix {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const start = (row + i) * m.cols + col;
    out.set(m.data.subarray(start, start + cols), i * cols);
  }
  return { rows, cols, data: out };
}

export function placeBlock(target: HostMatrix, block: HostMatrix, row: number, col: number, scale = 1): void {
  for (let i = 0; i < block.rows; i++) {
    const src = block.data.subarray(i * block.cols, (i + 1) * block.cols);
    const offset = (row + i) * target.cols + col;
    if (scale === 1) target.data.set(src, offset);
    else {
      const out = target.data;
      for (let j = 0; j < src.length; j++) out[offset + j] = scale * src[j];
    }
  }
}

/** Transpose in 32×32 tiles, so reads and writes both stay within cache lines. */
export function transposeHost(m: HostMatrix): HostMatrix {
  const { rows, cols, data } = m;
  const out = new Float32Array(rows * cols);
  const tile = 32;
  for (let i0 = 0; i0 < rows; i0 += tile) {
    const iEnd = Math.min(i0 + tile, rows);
    for (let j0 = 0; j0 < cols; j0 += tile) {
      const jEnd = Math.min(j0 + tile, cols);
      for (let i = i0; i < iEnd; i++) for (let j = j0; j < jEnd; j++) out[j * rows + i] = data[i * cols + j];
    }
  }
  return { rows: cols, cols: rows, data: out };
}

/** [a | b], side by side. */
export function concatColumns(a: HostMatrix, b: HostMatrix): HostMatrix {
  if (a.rows !== b.rows) throw new Error(`cannot place ${a.rows} rows beside ${b.rows}`);
  const out = hostMatrix(a.rows, a.cols + b.cols);
  placeBlock(out, a, 0, 0);
  placeBlock(out, b, 0, a.cols);
  return out;
}

/** a·b on the tfjs backend, operands and result on the host. */
export function multiplyHost(a: HostMatrix, b: HostMatrix): HostMatrix {
  const product = tf.tidy(() => tf.matMul(tf.tensor2d(a.data, [a.rows, a.cols]), tf.tensor2d(b.data, [b.rows, b.cols])));
  const data = product.dataSync() as Float32Array;
  product.dispose();
  return hostMatrix(a.rows, b.cols, data);
}
