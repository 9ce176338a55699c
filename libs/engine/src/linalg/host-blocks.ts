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
    else for (let j = 0; j < block.cols; j++) target.data[offset + j] = scale * src[j];
  }
}

export function transposeHost(m: HostMatrix): HostMatrix {
  const out = new Float32Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j];
  return { rows: m.cols, cols: m.rows, data: out };
}
