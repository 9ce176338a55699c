import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ModelServer } from '@hsic/serving';
import { API_LOGGER, MODEL_SERVER } from '../dependencies.js';
import type { ApiLogger } from '../observability/api-logger.js';
import type { HttpResponse } from '../http/http-types.js';
import { servingErrorAnswer, type ServingErrorAnswer } from './serving-errors.js';

/** The serving routes answer every failure in the serving error shape (see serving-errors.ts). */
@Catch()
export class ServingExceptionFilter implements ExceptionFilter {
  private readonly answer: ServingErrorAnswer;

  constructor(@Inject(MODEL_SERVER) server: ModelServer, @Inject(API_LOGGER) log: ApiLogger) {
    this.answer = servingErrorAnswer(server.limits, log);
  }

  catch(error: unknown, host: ArgumentsHost): void {
    this.answer(error, host.switchToHttp().getResponse<HttpResponse>());
  }
}
