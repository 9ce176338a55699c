import { trailingMeans } from './backprop-monitoring.js';

describe('trailingMeans', () => {
  it('averages over what there is until the window is full, then over the window', () => {
    expect(trailingMeans([2, 4, 6, 8, 10], 3)).toEqual([2, 3, 4, 6, 8]);
  });

  it('is the values themselves for a window of one', () => {
    expect(trailingMeans([5, 1, 3], 1)).toEqual([5, 1, 3]);
  });
});
