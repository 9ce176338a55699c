// Uploaded PNG/JPEG files → model inputs, converted exactly like the training data (@hsic/data).
import { DataFormatError, decodeImageToModelInput, sniffImageFormat } from '@hsic/data';
import type { ModelInputBatch } from './batching-predictor.js';
import { InvalidRequestError, PayloadTooLargeError, ServingError, UnsupportedMediaTypeError } from './errors.js';
import type { ServingLimits } from './limits.js';
import { quote } from './messages.js';
import { Semaphore } from './semaphore.js';
import type { ServableModel } from './servable-model.js';

export interface ImageUpload {
  /** The client's file name, echoed back in the answer and in error messages. */
  readonly filename: string;
  readonly bytes: Uint8Array;
}

/** The multipart field the :classify route reads files from. */
export const IMAGE_FIELD = 'images';

/**
 * Checks the upload count first, then decodes the files one after another, each while holding a place of
 * the process-wide decode pool (`decodes`): 32 large images of one request, or of many requests, are never
 * held as bitmaps all at once. The first bad file (in upload order) fails the request.
 */
export async function decodeUploads(
  uploads: readonly ImageUpload[],
  model: Pick<ServableModel, 'inputShape' | 'inputSize'>,
  limits: Pick<ServingLimits, 'maxImages' | 'maxImageBytes'>,
  decodes: Semaphore = new Semaphore(1),
): Promise<ModelInputBatch> {
  if (uploads.length === 0) {
    throw new InvalidRequestError(`no images uploaded; send one or more PNG or JPEG files in the multipart field "${IMAGE_FIELD}"`);
  }
  if (uploads.length > limits.maxImages) {
    throw new PayloadTooLargeError(`${uploads.length} images uploaded; at most ${limits.maxImages} are accepted per request`);
  }
  const [height, width, channels] = model.inputShape;
  const values = new Float32Array(uploads.length * model.inputSize);
  for (const [i, upload] of uploads.entries()) {
    const input = await decodes.run(() => decodeOne(upload, uploadName(i, upload.filename), { height, width, channels }, limits.maxImageBytes));
    values.set(input, i * model.inputSize);
  }
  return { count: uploads.length, values };
}

async function decodeOne(upload: ImageUpload, name: string, shape: { height: number; width: number; channels: number }, maxBytes: number): Promise<Float32Array> {
  if (upload.bytes.length > maxBytes) throw new PayloadTooLargeError(`${name} is ${upload.bytes.length} bytes; at most ${maxBytes} are accepted per image`);
  try {
    return await decodeImageToModelInput(upload.bytes, shape, { source: name, invert: 'auto' });
  } catch (error) {
    if (error instanceof ServingError) throw error;
    if (error instanceof DataFormatError) {
      // Not an image at all is a media-type problem; an image that will not decode is a bad request.
      throw sniffImageFormat(upload.bytes) ? new InvalidRequestError(error.message) : new UnsupportedMediaTypeError(error.message);
    }
    throw error;
  }
}

/** `images[1] "scan.png"`: names an upload in messages even when clients reuse file names. */
function uploadName(index: number, filename: string): string {
  return `${IMAGE_FIELD}[${index}] ${quote(filename)}`;
}
