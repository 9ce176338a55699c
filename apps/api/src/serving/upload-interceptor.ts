import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { IMAGE_FIELD, type ModelServer } from '@hsic/serving';
import type { Observable } from 'rxjs';
import { MODEL_SERVER } from '../dependencies.js';
import type { HttpRequest } from '../http/http-types.js';

const ImageFilesInterceptor = FilesInterceptor(IMAGE_FIELD);

/**
 * multer (Nest's FilesInterceptor, memory storage) for multipart requests only, with the serving limits:
 * beyond them multer fails the request (→ 413). JSON :predict requests, the hot path, skip it: multer
 * would do nothing for them but still watch the response.
 */
@Injectable()
export class ImageUploadsInterceptor implements NestInterceptor {
  private readonly multipart: NestInterceptor;

  constructor(@Inject(MODEL_SERVER) server: ModelServer) {
    const { maxImages, maxImageBytes } = server.limits;
    // Every part is bounded, not only the files: a form of a million small fields must fail early too.
    this.multipart = new ImageFilesInterceptor({
      limits: { files: maxImages, fileSize: maxImageBytes, fields: 8, fieldSize: 64 * 1024, fieldNameSize: 200, parts: maxImages + 8, headerPairs: 100 },
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<HttpRequest>();
    return req.is('multipart/*') ? this.multipart.intercept(context, next) : next.handle();
  }
}
