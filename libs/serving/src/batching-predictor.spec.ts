import { BatchingPredictor, type RowPrediction } from './batching-predictor.js';
import { PredictionFailedError } from './errors.js';
import { CountingServingMetrics } from './metrics.js';
import { patternInputs, predictDirectly, servableFrom, untrainedCheckpoint } from './testing/models.test-util.js';
import { tensorCount, useWasmBackend } from './testing/wasm-backend.test-util.js';
import type { ServableModel } from './servable-model.js';

beforeAll(useWasmBackend);

let model: ServableModel;
beforeAll(() => {
  model = servableFrom(untrainedCheckpoint({ inputShape: [4, 4, 1], classes: 3, seed: 5 }), 'digits', 1);
});
afterAll(() => model.classifier.dispose());

const SIZE = 16;
/** Request i asks about `rows` inputs of its own. */
const requestInput = (i: number, rows = 1) => ({ count: rows, values: patternInputs(rows, SIZE, i + 1) });
const plain = (rows: RowPrediction[]) => rows.map((r) => ({ label: r.label, probabilities: Array.from(r.probabilities) }));

function expectSameAnswers(actual: RowPrediction[], expected: ReturnType<typeof predictDirectly>): void {
  expect(actual.map((r) => r.label)).toEqual(expected.map((r) => r.label));
  actual.forEach((row, i) => row.probabilities.forEach((p, c) => expect(p).toBeCloseTo(expected[i].probabilities[c], 6)));
}

describe('BatchingPredictor', () => {
  it('answers 50 concurrent requests with one forward pass, each with its own prediction', async () => {
    const metrics = new CountingServingMetrics();
    const predictor = new BatchingPredictor({ metrics });
    const inputs = Array.from({ length: 50 }, (_, i) => requestInput(i, 1 + (i % 3)));
    const answers = await Promise.all(inputs.map((input) => predictor.predict(model, input)));
    expect(metrics.batches).toBe(1);
    expect(metrics.requests).toBe(50);
    expect(metrics.rows).toBe(inputs.reduce((n, input) => n + input.count, 0));
    answers.forEach((answer, i) => expectSameAnswers(answer, predictDirectly(model.classifier, inputs[i].values, inputs[i].count)));
  });

  it('runs a batch as soon as it holds maxBatchSize rows: 50 one-row requests at 16 make 16+16+16+2', async () => {
    const metrics = new CountingServingMetrics();
    const predictor = new BatchingPredictor({ maxBatchSize: 16, maxDelayMs: 1000, metrics });
    const pending = Array.from({ length: 50 }, (_, i) => predictor.predict(model, requestInput(i)));
    // Three batches filled up and ran synchronously; the last two rows wait for the timer.
    expect(metrics.batches).toBe(3);
    predictor.flushAll();
    const answers = await Promise.all(pending);
    expect(Object.fromEntries(metrics.rowsPerBatch)).toEqual({ 16: 3, 2: 1 });
    answers.forEach((answer, i) => expectSameAnswers(answer, predictDirectly(model.classifier, requestInput(i).values, 1)));
  });

  it('never splits a request: one that does not fit runs the waiting batch first, an oversize one runs alone', async () => {
    const metrics = new CountingServingMetrics();
    const predictor = new BatchingPredictor({ maxBatchSize: 4, metrics });
    const answers = await Promise.all([3, 3, 5].map((rows, i) => predictor.predict(model, requestInput(i, rows))));
    expect(answers.map((a) => a.length)).toEqual([3, 3, 5]);
    expect(Object.fromEntries(metrics.rowsPerBatch)).toEqual({ 3: 2, 5: 1 });
  });

  it('keeps one queue per model version', async () => {
    const other = servableFrom(untrainedCheckpoint({ inputShape: [4, 4, 1], classes: 3, seed: 6 }), 'digits', 2);
    const metrics = new CountingServingMetrics();
    const predictor = new BatchingPredictor({ metrics });
    const [a, b] = await Promise.all([predictor.predict(model, requestInput(1)), predictor.predict(other, requestInput(1))]);
    expect(metrics.batches).toBe(2);
    expectSameAnswers(a, predictDirectly(model.classifier, requestInput(1).values, 1));
    expectSameAnswers(b, predictDirectly(other.classifier, requestInput(1).values, 1));
    expect(plain(a)).not.toEqual(plain(b));
    other.classifier.dispose();
  });

  it('leaks no tensors across many batches', async () => {
    const predictor = new BatchingPredictor({ maxBatchSize: 8 });
    await predictor.predict(model, requestInput(0));
    const before = tensorCount();
    for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 20 }, (_, i) => predictor.predict(model, requestInput(i))));
    expect(tensorCount()).toBe(before);
  });

  it('rejects every request of a failed forward pass with the reason, leaking nothing', async () => {
    // Claims 8 inputs per row while the classifier takes 16: the engine refuses the batch.
    const broken: ServableModel = { ...model, inputSize: 8 };
    const metrics = new CountingServingMetrics();
    const predictor = new BatchingPredictor({ metrics });
    const before = tensorCount();
    const results = await Promise.allSettled([0, 1, 2].map((i) => predictor.predict(broken, { count: 1, values: patternInputs(1, 8, i) })));
    expect(metrics).toMatchObject({ batches: 1, failedBatches: 1 });
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as PredictionFailedError;
      expect(reason).toBeInstanceOf(PredictionFailedError);
      expect(reason).toMatchObject({ status: 500, message: 'model digits v1 failed to predict: expected 16 features per sample, got 8' });
    }
    expect(tensorCount()).toBe(before);
  });

  it('refuses an input whose length does not match its count', async () => {
    await expect(new BatchingPredictor().predict(model, { count: 2, values: patternInputs(1, SIZE) })).rejects.toThrow('model digits v1: 16 values do not make 2 inputs of 16');
  });
});
