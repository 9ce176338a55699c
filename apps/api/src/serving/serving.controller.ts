import { All, Controller, HttpCode, Inject, Req, UploadedFiles, UseFilters, UseInterceptors } from '@nestjs/common';
import { IMAGE_FIELD, parseServingRoute, UnsupportedMediaTypeError, type ModelServer } from '@hsic/serving';
import type { HttpRequest as Request } from '../http/http-types.js';
import { MODEL_SERVER } from '../dependencies.js';
import { ServingExceptionFilter } from './serving-exception.filter.js';
import { ImageUploadsInterceptor } from './upload-interceptor.js';

interface UploadedFile {
  readonly originalname: string;
  readonly buffer: Buffer;
}

/**
 * The TF-Serving-shaped routes (see @hsic/serving routes.ts): one catch-all under /v1/models, dispatched on
 * the parsed action. A :predict with a JSON body never gets here: the hot route predict.route.ts answers it
 * ahead of Express. Multipart bodies go through multer (ImageUploadsInterceptor: 413 beyond the limits).
 */
@Controller('v1/models')
@UseFilters(ServingExceptionFilter)
export class ServingController {
  constructor(@Inject(MODEL_SERVER) private readonly server: ModelServer) {}

  @All('*path')
  @HttpCode(200)
  @UseInterceptors(ImageUploadsInterceptor)
  async serve(@Req() req: Request, @UploadedFiles() files: UploadedFile[] | undefined): Promise<unknown> {
    const { action, ref } = parseServingRoute(req.method ?? 'GET', req.path);
    switch (action) {
      case 'predict': // only what the hot route left: a body that is not JSON
        if (!req.is('application/json')) {
          throw new UnsupportedMediaTypeError(`:predict takes a JSON body (Content-Type: application/json), got ${contentTypeOf(req)}`);
        }
        return this.server.predict(ref, req.body);
      case 'classify':
        if (!req.is('multipart/form-data')) {
          throw new UnsupportedMediaTypeError(
            `:classify takes multipart/form-data with PNG or JPEG files in the field "${IMAGE_FIELD}", got ${contentTypeOf(req)}`,
          );
        }
        return this.server.classify(ref, (files ?? []).map((file) => ({ filename: file.originalname, bytes: file.buffer })));
      case 'status':
        return this.server.status(ref);
      case 'metadata':
        return this.server.metadata(ref);
    }
  }
}

const contentTypeOf = (req: Request) => (req.headers['content-type'] ? `"${req.headers['content-type'].split(';')[0]}"` : 'no Content-Type');
