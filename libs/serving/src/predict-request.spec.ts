import { InvalidRequestError, PayloadTooLargeError, type ServingError } from './errors.js';
import { parsePredictBody } from './predict-request.js';

const mnist = { name: 'mnist', version: 3, inputShape: [28, 28, 1] as [number, number, number], inputSize: 784 };
const rgb = { name: 'cifar', version: 1, inputShape: [2, 2, 3] as [number, number, number], inputSize: 12 };
const limits = { maxInstances: 4 };

const flat = (n: number, value = 0.5) => Array.from({ length: n }, () => value);
const nested = (h: number, w: number, c?: number) =>
  Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => (c ? Array.from({ length: c }, (_, ch) => ((y * w + x) * c + ch) / 1000) : (y * w + x) / 1000)));

describe('parsePredictBody', () => {
  it('reads flat rows, [h][w] and [h][w][1] instances into one flat batch in row order', () => {
    const batch = parsePredictBody({ instances: [flat(784, 0.25), nested(28, 28), nested(28, 28, 1)] }, mnist, limits);
    expect(batch.count).toBe(3);
    expect(batch.values).toHaveLength(3 * 784);
    expect(batch.values[0]).toBe(0.25);
    expect(batch.values[784 + 29]).toBeCloseTo(0.029, 6);
    expect(batch.values[2 * 784 + 29]).toBeCloseTo(0.029, 6);
  });

  it('reads [h][w][c] pixels channel-last and accepts columnar "inputs" and the default signature', () => {
    const batch = parsePredictBody({ inputs: [nested(2, 2, 3)], signature_name: 'serving_default' }, rgb, limits);
    expect(Array.from(batch.values, (v) => Math.round(v * 1000))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it.each<[string, unknown, RegExp]>([
    ['a non-object body', [flat(784)], /the request body must be a JSON object such as \{"instances": \[\.\.\.\]\}; got an array/],
    ['a null body', null, /got null/],
    ['neither field', {}, /needs "instances" \(row format\) or "inputs" \(columnar\)/],
    ['both fields', { instances: [flat(784)], inputs: [flat(784)] }, /send either "instances" \(row format\) or "inputs" \(columnar\), not both/],
    ['unknown fields', { instances: [flat(784)], model: 'x' }, /unknown field "model"/],
    ['another signature', { instances: [flat(784)], signature_name: 'explain' }, /"signature_name" is "explain"; the only signature is "serving_default"/],
    ['instances not an array', { instances: 'abc' }, /"instances" must be an array with one entry per input; got a string/],
    ['named inputs', { inputs: { x: [flat(784)] } }, /got an object \(named inputs are not supported/],
    ['empty instances', { instances: [] }, /"instances" is empty; send at least one input/],
    ['a short flat row', { instances: [flat(784), flat(784), flat(783)] }, /^instances\[2\] has 783 values; model mnist v3 expects 784 \(28×28×1\)$/],
    ['an empty instance', { instances: [[]] }, /instances\[0\] is empty; model mnist v3 expects 784 numbers, \[28\]\[28\] or \[28\]\[28\]\[1\]/],
    ['a scalar instance', { instances: [0.5] }, /instances\[0\] is a number; model mnist v3 expects an array of 784 numbers/],
    ['a string value', { instances: [[...flat(10), '0.3', ...flat(773)]] }, /instances\[0\]\[10\] is a string; expected a number in \[0, 1\]/],
    ['a null value', { instances: [[null, ...flat(783)]] }, /instances\[0\]\[0\] is null; expected a number/],
    ['NaN', { instances: [[...flat(5), NaN, ...flat(778)]] }, /instances\[0\]\[5\] is NaN; expected a finite number in \[0, 1\]/],
    ['Infinity (1e999 in JSON)', JSON.parse(`{"instances": [[1e999${',0'.repeat(783)}]]}`), /instances\[0\]\[0\] is Infinity; expected a finite number/],
    ['a 0–255 value', { instances: [[255, ...flat(783)]] }, /instances\[0\]\[0\] is 255; inputs are pixel intensities in \[0, 1\] \(divide 0–255 values by 255\)/],
    ['a negative value', { instances: [[...flat(783), -0.1]] }, /instances\[0\]\[783\] is -0.1; inputs are pixel intensities in \[0, 1\]/],
    ['too few nested rows', { instances: [nested(27, 28)] }, /instances\[0\] has 27 rows; model mnist v3 expects 28 rows of 28 \(28×28×1\)/],
    ['a short nested row', { instances: [[...nested(5, 28), flat(27), ...nested(22, 28)]] }, /instances\[0\]\[5\] has 27 values; model mnist v3 expects rows of 28 \(28×28×1\)/],
    ['a scalar nested row', { instances: [[...nested(27, 28), 0.5]] }, /instances\[0\]\[27\] is a number; expected a row of 28 pixels like instances\[0\]\[0\]/],
    ['wrong channel count', { instances: [nested(28, 28, 2)] }, /instances\[0\]\[0\]\[0\] has 2 channel values; model mnist v3 expects 1 \(28×28×1\)/],
    ['mixed pixel forms', { instances: [[[[0.1], 0.2, ...flat(26).map((v) => [v])], ...nested(27, 28, 1)]] }, /instances\[0\]\[0\]\[1\] is a number; expected an array of 1 channel values/],
  ])('400 for %s', (_, body, message) => {
    const error = catchError(() => parsePredictBody(body, mnist, limits));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
  });

  it('400 when a colour model gets [h][w] grayscale pixels', () => {
    const error = catchError(() => parsePredictBody({ instances: [nested(2, 2)] }, rgb, limits));
    expect(error.message).toBe('instances[0][0][0] is a number; model cifar v1 takes 3 channels, so each pixel must be an array of 3 numbers (2×2×3)');
  });

  it('413 for more instances than the limit, naming it', () => {
    const error = catchError(() => parsePredictBody({ instances: Array.from({ length: 5 }, () => flat(784)) }, mnist, limits));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ status: 413, message: '"instances" has 5 inputs; at most 4 are accepted per request' });
  });
});

function catchError(fn: () => unknown): ServingError {
  try {
    fn();
  } catch (error) {
    return error as ServingError;
  }
  throw new Error('expected a throw');
}
