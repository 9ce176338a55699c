import { fisherRatio, kernelDensity } from './needle.js';

describe('the needle figure’s statistics', () => {
  it('a kernel density integrates to about one over [−1, 1] and peaks where the values are', () => {
    const density = kernelDensity([0.2, 0.25, 0.3, 0.22, 0.28]);
    const area = density.reduce((a, p) => a + p.density, 0) * (2 / (density.length - 1));
    expect(area).toBeCloseTo(1, 2);
    const peak = density.reduce((a, b) => (b.density > a.density ? b : a));
    expect(peak.x).toBeCloseTo(0.25, 1);
  });

  it('Fisher’s ratio: between- over within-class variance', () => {
    // Class means −1 and 1 (overall 0): between 4·1 = 4; within 4·0.01 = 0.04.
    expect(fisherRatio([0, 0, 1, 1], [-1.1, -0.9, 0.9, 1.1])).toBeCloseTo(100, 6);
    expect(fisherRatio([0, 1], [0.5, 0.5])).toBe(0);
  });
});
