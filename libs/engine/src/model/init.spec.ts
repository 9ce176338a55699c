import { ParameterInit } from './init.js';

describe('ParameterInit', () => {
  it("'pytorch' draws weights and biases from U(±1/√fan_in), reproducibly", () => {
    const a = new ParameterInit(1234, 'pytorch').weight([784, 128], 784, 128).dataSync();
    const b = new ParameterInit(1234, 'pytorch').weight([784, 128], 784, 128).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    const bound = 1 / Math.sqrt(784);
    expect(Math.max(...a)).toBeLessThanOrEqual(bound);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...a)).toBeGreaterThan(0.95 * bound);
    const bias = new ParameterInit(7, 'pytorch').bias(128, 784).dataSync();
    expect(Math.max(...bias.map(Math.abs))).toBeGreaterThan(0.5 * bound);
  });

  it("'glorot' uses √(6/(fan_in+fan_out)) and zero biases", () => {
    const init = new ParameterInit(3, 'glorot');
    const w = init.weight([10, 30], 10, 30).dataSync();
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 40));
    expect(Array.from(init.bias(5, 10).dataSync())).toEqual([0, 0, 0, 0, 0]);
  });
});
