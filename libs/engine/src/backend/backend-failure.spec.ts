import { isBackendFailure } from './backend-failure.js';

describe('isBackendFailure', () => {
  it("tells the backend's own failures from errors of the computation asked of it", () => {
    expect(isBackendFailure(Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' }))).toBe(true);
    expect(isBackendFailure(new Error('Aborted(OOM). Build with -sASSERTIONS for more info.'))).toBe(true);
    expect(isBackendFailure(new Error('OOM when allocating tensor with shape[65536,65536]'))).toBe(true);
    expect(isBackendFailure(new Error('CUDA_ERROR_ILLEGAL_ADDRESS: an illegal memory access was encountered'))).toBe(true);
    expect(isBackendFailure(new Error('Error in matMul: inner shapes (3) and (4) of Tensors with shapes 2,3 and 4,5 must match'))).toBe(false);
    expect(isBackendFailure(new RangeError('limitTrain must be a non-negative integer'))).toBe(false);
    expect(isBackendFailure('just a string')).toBe(false);
  });
});
