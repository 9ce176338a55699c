// End to end through the serving core with a real (tiny) trained MNIST model on the wasm engine.
import { classifyResponseSchema, modelMetadataResponseSchema, modelStatusResponseSchema, predictResponseSchema, type PredictResponse } from '@hsic/contracts';
import { decodeImageToModelInput } from '@hsic/data';
import { deserializeClassifier, type Classifier } from '@hsic/engine';
import sharp from 'sharp';
import type { ServingError } from './errors.js';
import { InMemoryModelSource } from './in-memory-model-source.js';
import { CountingServingMetrics } from './metrics.js';
import { ModelServer } from './model-server.js';
import { imageRow, pngOfImage, predictDirectly, trainTinyMnistCheckpoints, type TrainedCheckpoints } from './testing/models.test-util.js';
import { tensorCount, useWasmBackend } from './testing/wasm-backend.test-util.js';

let trained: TrainedCheckpoints;
let formatModel: Classifier;
let backpropModel: Classifier;

beforeAll(async () => {
  await useWasmBackend();
  trained = await trainTinyMnistCheckpoints();
  formatModel = deserializeClassifier(trained.format).model;
  backpropModel = deserializeClassifier(trained.backprop).model;
});
afterAll(() => {
  formatModel.dispose();
  backpropModel.dispose();
});

/** 'mnist' v1 = HSIC + format, v2 = backprop; label 'production' on v1. */
function mnistSource(): InMemoryModelSource {
  return new InMemoryModelSource().addVersion('mnist', 1, trained.format).addVersion('mnist', 2, trained.backprop).setAlias('mnist', 'production', 1);
}

function digits(indices: readonly number[]): { values: Float32Array; rows: number[][] } {
  const rows = indices.map((i) => Array.from(imageRow(trained.test, i)));
  return { values: Float32Array.from(rows.flat()), rows };
}

function expectAnswersOf(classifier: Classifier, response: PredictResponse, values: Float32Array): void {
  const expected = predictDirectly(classifier, values, response.predictions.length);
  expect(response.predictions.map((p) => p.label)).toEqual(expected.map((e) => e.label));
  expect(response.predictions.map((p) => p.class)).toEqual(expected.map((e) => classifier.classNames[e.label]));
  response.predictions.forEach((p, i) => p.probabilities.forEach((v, c) => expect(v).toBeCloseTo(expected[i].probabilities[c], 6)));
}

async function failure(promise: Promise<unknown>): Promise<ServingError> {
  try {
    await promise;
  } catch (error) {
    return error as ServingError;
  }
  throw new Error('expected a rejection');
}

describe('ModelServer :predict', () => {
  it('answers exactly what the model says directly, in the documented shape, flat or nested', async () => {
    const server = new ModelServer({ source: mnistSource() });
    const { values, rows } = digits([0, 1, 2, 3, 4]);
    const response = await server.predict({ name: 'mnist', version: 1 }, { instances: rows });
    expect(predictResponseSchema.parse(response)).toEqual(response);
    expect(response.model).toEqual({ name: 'mnist', version: 1 });
    expect(response.predictions[0].probabilities).toHaveLength(10);
    expectAnswersOf(formatModel, response, values);

    const nested = rows.map((row) => Array.from({ length: 28 }, (_, y) => row.slice(y * 28, (y + 1) * 28)));
    expect(await server.predict({ name: 'mnist', version: 1 }, { inputs: nested })).toEqual(response);
    server.close();
  });

  it('coalesces 50 concurrent requests into far fewer forward passes, each answer its own', async () => {
    const metrics = new CountingServingMetrics();
    const server = new ModelServer({ source: mnistSource(), metrics });
    const requests = Array.from({ length: 50 }, (_, i) => digits([i % 64]));
    const responses = await Promise.all(requests.map((r) => server.predict({ name: 'mnist', alias: 'production' }, { instances: r.rows })));
    expect(metrics.requests).toBe(50);
    expect(metrics.batches).toBeLessThanOrEqual(5);
    responses.forEach((response, i) => expectAnswersOf(formatModel, response, requests[i].values));
    server.close();
  });

  it('follows a moved label on the next request, without a restart', async () => {
    const source = mnistSource();
    const server = new ModelServer({ source });
    const { values, rows } = digits([5, 6, 7, 8]);
    const before = await server.predict({ name: 'mnist', alias: 'production' }, { instances: rows });
    source.setAlias('mnist', 'production', 2);
    const after = await server.predict({ name: 'mnist', alias: 'production' }, { instances: rows });
    expect([before.model.version, after.model.version]).toEqual([1, 2]);
    expectAnswersOf(formatModel, before, values);
    expectAnswersOf(backpropModel, after, values);
    expect(after.predictions.map((p) => p.probabilities)).not.toEqual(before.predictions.map((p) => p.probabilities));
    server.close();
  });

  it('says which model was not found and what exists', async () => {
    const server = new ModelServer({ source: mnistSource() });
    expect(await failure(server.predict({ name: 'fashion' }, { instances: [] }))).toMatchObject({ status: 404, message: 'no model named "fashion"' });
    expect(await failure(server.predict({ name: 'mnist', version: 3 }, { instances: [] }))).toMatchObject({ status: 404, message: 'model "mnist" version 3 does not exist (versions: 1, 2)' });
    server.close();
  });

  it('names the instance, the model and its expected size on a wrong-length row', async () => {
    const server = new ModelServer({ source: mnistSource() });
    const { rows } = digits([0, 1, 2]);
    rows[2] = rows[2].slice(1);
    const error = await failure(server.predict({ name: 'mnist', alias: 'production' }, { instances: rows }));
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', message: 'instances[2] has 783 values; model mnist v1 expects 784 (28×28×1)' });
    expect(error.toResponseBody()).toEqual({ error: error.message, code: 'invalid_request' });
    server.close();
  });

  it('keeps the tensor count flat across requests and frees every model on close', async () => {
    const before = tensorCount();
    const server = new ModelServer({ source: mnistSource(), maxModels: 1 });
    const { rows } = digits([0, 1]);
    await server.predict({ name: 'mnist', version: 1 }, { instances: rows });
    const oneModel = tensorCount();
    for (let i = 0; i < 6; i++) await server.predict({ name: 'mnist', version: 1 + (i % 2) }, { instances: rows });
    expect(tensorCount()).toBe(oneModel);
    server.close();
    expect(tensorCount()).toBe(before);
  });
});

describe('ModelServer :classify', () => {
  it('classifies PNG and JPEG uploads of any size and colour like the training data, per file', async () => {
    const server = new ModelServer({ source: mnistSource() });
    const png = await pngOfImage(imageRow(trained.test, 0), 28, 3);
    // Dark ink on white paper, in colour, as a JPEG: decoded with auto-inversion like the training digits.
    const paper = await sharp(Buffer.from(Array.from(imageRow(trained.test, 1), (v) => 255 - Math.round(v * 255))), { raw: { width: 28, height: 28, channels: 1 } })
      .resize(100, 100)
      .toColourspace('srgb')
      .jpeg({ quality: 95 })
      .toBuffer();
    const uploads = [
      { filename: 'seven.png', bytes: png },
      { filename: 'photo.jpg', bytes: new Uint8Array(paper) },
    ];
    const response = await server.classify({ name: 'mnist', alias: 'production' }, uploads);
    expect(classifyResponseSchema.parse(response)).toEqual(response);
    expect(response.model).toEqual({ name: 'mnist', version: 1 });
    expect(response.predictions.map((p) => p.file)).toEqual(['seven.png', 'photo.jpg']);
    const inputs = await Promise.all(uploads.map((u) => decodeImageToModelInput(u.bytes, { height: 28, width: 28, channels: 1 }, { invert: 'auto' })));
    const expected = predictDirectly(formatModel, Float32Array.from(inputs.flatMap((x) => Array.from(x))), 2);
    expect(response.predictions.map((p) => p.label)).toEqual(expected.map((e) => e.label));
    response.predictions.forEach((p, i) => p.probabilities.forEach((v, c) => expect(v).toBeCloseTo(expected[i].probabilities[c], 6)));
    server.close();
  });

  it('415 for bytes that are not an image, 400 for a truncated PNG, each naming the upload', async () => {
    const server = new ModelServer({ source: mnistSource() });
    const png = await pngOfImage(imageRow(trained.test, 0), 28);
    const text = await failure(server.classify({ name: 'mnist' }, [{ filename: 'ok.png', bytes: png }, { filename: 'notes.txt', bytes: new TextEncoder().encode('hello') }]));
    expect(text).toMatchObject({ status: 415, code: 'unsupported_media_type', message: 'images[1] "notes.txt": expected a PNG or JPEG image, got 5 bytes starting with 68 65 6c 6c' });
    const truncated = await failure(server.classify({ name: 'mnist' }, [{ filename: 'digit.png', bytes: png.slice(0, 60) }]));
    expect(truncated.status).toBe(400);
    expect(truncated.message).toMatch(/^images\[0\] "digit.png": not a readable PNG image/);
    server.close();
  });

  it('400 for no files, 413 for too many files or too large a file, naming the limit', async () => {
    const server = new ModelServer({ source: mnistSource(), limits: { maxImages: 2, maxImageBytes: 1000 } });
    const png = await pngOfImage(imageRow(trained.test, 0), 28);
    expect(await failure(server.classify({ name: 'mnist' }, []))).toMatchObject({
      status: 400,
      message: 'no images uploaded; send one or more PNG or JPEG files in the multipart field "images"',
    });
    const three = Array.from({ length: 3 }, (_, i) => ({ filename: `${i}.png`, bytes: png }));
    expect(await failure(server.classify({ name: 'mnist' }, three))).toMatchObject({ status: 413, message: '3 images uploaded; at most 2 are accepted per request' });
    const big = { filename: 'big.png', bytes: new Uint8Array(1001) };
    expect(await failure(server.classify({ name: 'mnist' }, [big]))).toMatchObject({ status: 413, message: 'images[0] "big.png" is 1001 bytes; at most 1000 are accepted per image' });
    expect(server.limits).toMatchObject({ maxImages: 2, maxImageBytes: 1000, maxInstances: 256 });
    server.close();
  });

  it('404 for an unknown label', async () => {
    const server = new ModelServer({ source: mnistSource() });
    expect(await failure(server.classify({ name: 'mnist', alias: 'canary' }, []))).toMatchObject({
      status: 404,
      message: 'model "mnist" label "canary" does not exist (labels: production→v1)',
    });
  });
});

describe('ModelServer status and metadata', () => {
  it('lists versions with their labels and whether they are loaded, as TF Serving does', async () => {
    const server = new ModelServer({ source: mnistSource() });
    await server.predict({ name: 'mnist', version: 2 }, { instances: digits([0]).rows });
    const status = await server.status({ name: 'mnist' });
    expect(modelStatusResponseSchema.parse(status)).toEqual(status);
    expect(status).toEqual({
      name: 'mnist',
      labels: { production: 1 },
      model_version_status: [
        { version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' }, loaded: false, labels: ['production'] },
        { version: '2', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' }, loaded: true, labels: [] },
      ],
    });
    expect((await server.status({ name: 'mnist', alias: 'production' })).model_version_status.map((s) => s.version)).toEqual(['1']);
    expect(await failure(server.status({ name: 'nope' }))).toMatchObject({ status: 404, message: 'no model named "nope"' });
    server.close();
  });

  it('reports the input shape, classes and checkpoint of a version', async () => {
    const server = new ModelServer({ source: mnistSource() });
    const metadata = await server.metadata({ name: 'mnist', alias: 'production' });
    expect(modelMetadataResponseSchema.parse(metadata)).toEqual(metadata);
    expect(metadata.model_spec).toEqual({ name: 'mnist', version: '1', signature_name: 'serving_default' });
    expect(metadata.metadata).toMatchObject({
      input: { shape: [28, 28, 1], size: 784, dtype: 'float32', range: [0, 1] },
      output: { classes: 10, class_names: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
      readout: 'format',
    });
    expect(metadata.metadata.checkpoint_sha256).toMatch(/^[0-9a-f]{64}$/);
    server.close();
  });
});

describe('ModelServer under load', () => {
  it('answers 503 with a retry delay past the requests it holds at once, instead of queueing without end', async () => {
    const server = new ModelServer({ source: mnistSource(), limits: { maxPendingRequests: 3 } });
    const { values } = digits([0]);
    const instances = [Array.from(values)];
    // Four requests in the same tick: the first three are held (the model loads), the fourth is refused.
    const answers = await Promise.allSettled(Array.from({ length: 4 }, () => server.predict({ name: 'mnist' }, { instances })));
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    const refused = (answers[3] as PromiseRejectedResult).reason as ServingError & { retryAfterSeconds: number };
    expect({ status: refused.status, code: refused.code, retryAfter: refused.retryAfterSeconds }).toEqual({ status: 503, code: 'overloaded', retryAfter: 1 });
    expect(refused.message).toContain('the server is busy');
    expect(server.pendingRequests).toBe(0); // every place is given back
    await expect(server.predict({ name: 'mnist' }, { instances })).resolves.toMatchObject({ model: { name: 'mnist' } });
    server.close();
  });

  it('decodes the images of a request one after another, within the process-wide decode pool', async () => {
    const server = new ModelServer({ source: mnistSource(), limits: { maxConcurrentDecodes: 1 } });
    const png = await pngOfImage(imageRow(trained.test, 0), 28, 40); // 1120×1120: shrunk while decoded
    let most = 0;
    const decodes = (server as unknown as { decodes: { running: number } }).decodes;
    const watch = setInterval(() => (most = Math.max(most, decodes.running)), 0);
    try {
      const answers = await Promise.all(Array.from({ length: 3 }, () => server.classify({ name: 'mnist' }, Array.from({ length: 4 }, (_, i) => ({ filename: `big-${i}.png`, bytes: png })))));
      expect(answers.every((a) => a.predictions.length === 4)).toBe(true);
      expect(new Set(answers.flatMap((a) => a.predictions.map((p) => p.label))).size).toBe(1); // the same digit, the same answer
    } finally {
      clearInterval(watch);
      server.close();
    }
    expect(most).toBe(1);
  });
});
