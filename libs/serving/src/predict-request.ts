// Reads a :predict body (TF Serving's row or columnar format) into one flat Float32Array, checking
// every value against the model so a bad request gets a 400 that names the exact element.
import type { ModelInputBatch } from './batching-predictor.js';
import { InvalidRequestError, PayloadTooLargeError } from './errors.js';
import { describeJsonType, isPlainObject } from './messages.js';
import type { ServingLimits } from './limits.js';
import { modelTitle, shapeText, type ServableModel } from './servable-model.js';

const KNOWN_FIELDS = ['instances', 'inputs', 'signature_name'];

type InputModel = Pick<ServableModel, 'name' | 'version' | 'inputShape' | 'inputSize'>;

export function parsePredictBody(body: unknown, model: InputModel, limits: Pick<ServingLimits, 'maxInstances'>): ModelInputBatch {
  if (!isPlainObject(body)) {
    throw new InvalidRequestError(`the request body must be a JSON object such as {"instances": [...]}; got ${describeJsonType(body)}`);
  }
  const unknown = Object.keys(body).filter((key) => !KNOWN_FIELDS.includes(key));
  if (unknown.length > 0) {
    throw new InvalidRequestError(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; a :predict body has "instances" or "inputs" (and optionally "signature_name")`);
  }
  const signature = body.signature_name;
  if (signature !== undefined && signature !== 'serving_default') {
    throw new InvalidRequestError(`"signature_name" is ${JSON.stringify(signature)}; the only signature is "serving_default"`);
  }
  const hasInstances = body.instances !== undefined;
  const hasInputs = body.inputs !== undefined;
  if (hasInstances && hasInputs) throw new InvalidRequestError('send either "instances" (row format) or "inputs" (columnar), not both');
  if (!hasInstances && !hasInputs) throw new InvalidRequestError('the request body needs "instances" (row format) or "inputs" (columnar)');
  const field = hasInstances ? 'instances' : 'inputs';
  const list = body[field];
  if (!Array.isArray(list)) {
    const hint = field === 'inputs' && isPlainObject(list) ? ' (named inputs are not supported: the model has a single input)' : '';
    throw new InvalidRequestError(`"${field}" must be an array with one entry per input; got ${describeJsonType(list)}${hint}`);
  }
  if (list.length === 0) throw new InvalidRequestError(`"${field}" is empty; send at least one input`);
  if (list.length > limits.maxInstances) {
    throw new PayloadTooLargeError(`"${field}" has ${list.length} inputs; at most ${limits.maxInstances} are accepted per request`);
  }
  const values = new Float32Array(list.length * model.inputSize);
  const reader = new InstanceReader(model, values);
  list.forEach((instance, i) => reader.read(instance, `${field}[${i}]`, i * model.inputSize));
  return { count: list.length, values };
}

/** Copies one instance (flat, [h][w] or [h][w][c]) into `out`, or throws naming the offending element. */
class InstanceReader {
  private readonly title: string;
  private readonly accepted: string;

  constructor(
    private readonly model: InputModel,
    private readonly out: Float32Array,
  ) {
    const [h, w, c] = model.inputShape;
    this.title = modelTitle(model);
    this.accepted = c === 1 ? `${model.inputSize} numbers, [${h}][${w}] or [${h}][${w}][1]` : `${model.inputSize} numbers or [${h}][${w}][${c}]`;
  }

  read(instance: unknown, path: string, offset: number): void {
    if (!Array.isArray(instance)) throw this.invalid(`${path} is ${describeJsonType(instance)}; ${this.title} expects an array of ${this.accepted}`);
    if (instance.length === 0) throw this.invalid(`${path} is empty; ${this.title} expects ${this.accepted}`);
    if (Array.isArray(instance[0])) this.readNested(instance, path, offset);
    else this.readFlat(instance, path, offset);
  }

  private readFlat(instance: unknown[], path: string, offset: number): void {
    const { inputSize, inputShape } = this.model;
    if (instance.length !== inputSize) {
      throw this.invalid(`${path} has ${instance.length} values; ${this.title} expects ${inputSize} (${shapeText(inputShape)})`);
    }
    for (let i = 0; i < inputSize; i++) this.out[offset + i] = this.number(instance[i], path, i);
  }

  private readNested(instance: unknown[], path: string, offset: number): void {
    const [h, w, c] = this.model.inputShape;
    const shape = shapeText(this.model.inputShape);
    if (instance.length !== h) throw this.invalid(`${path} has ${instance.length} rows; ${this.title} expects ${h} rows of ${w} (${shape})`);
    const first = (instance[0] as unknown[])[0];
    const withChannels = Array.isArray(first);
    if (!withChannels && c !== 1) {
      throw this.invalid(`${path}[0][0] is ${describeJsonType(first)}; ${this.title} takes ${c} channels, so each pixel must be an array of ${c} numbers (${shape})`);
    }
    let index = offset;
    for (let y = 0; y < h; y++) {
      const row = instance[y];
      const rowPath = `${path}[${y}]`;
      if (!Array.isArray(row)) throw this.invalid(`${rowPath} is ${describeJsonType(row)}; expected a row of ${w} pixels like ${path}[0]`);
      if (row.length !== w) throw this.invalid(`${rowPath} has ${row.length} values; ${this.title} expects rows of ${w} (${shape})`);
      for (let x = 0; x < w; x++) {
        if (!withChannels) {
          this.out[index++] = this.number(row[x], rowPath, x);
          continue;
        }
        const pixel = row[x];
        const pixelPath = `${rowPath}[${x}]`;
        if (!Array.isArray(pixel)) throw this.invalid(`${pixelPath} is ${describeJsonType(pixel)}; expected an array of ${c} channel values like ${path}[0][0]`);
        if (pixel.length !== c) throw this.invalid(`${pixelPath} has ${pixel.length} channel values; ${this.title} expects ${c} (${shape})`);
        for (let ch = 0; ch < c; ch++) this.out[index++] = this.number(pixel[ch], pixelPath, ch);
      }
    }
  }

  private number(value: unknown, parent: string, index: number): number {
    if (typeof value === 'number' && value >= 0 && value <= 1) return value;
    const path = `${parent}[${index}]`;
    if (typeof value !== 'number') throw this.invalid(`${path} is ${describeJsonType(value)}; expected a number in [0, 1]`);
    if (!Number.isFinite(value)) throw this.invalid(`${path} is ${value}; expected a finite number in [0, 1]`);
    throw this.invalid(`${path} is ${value}; inputs are pixel intensities in [0, 1] (divide 0–255 values by 255)`);
  }

  private invalid(message: string): InvalidRequestError {
    return new InvalidRequestError(message);
  }
}
