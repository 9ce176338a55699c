import { Controller, Get, Inject, Param, Query, UseFilters } from '@nestjs/common';
import type { ModelReadyResponse } from '@hsic/contracts';
import { parseModelRef, type ModelServer } from '@hsic/serving';
import { MODEL_SERVER } from '../dependencies.js';
import { ServingExceptionFilter } from './serving-exception.filter.js';

/**
 * Readiness per model, on KServe v2's paths: 200 when the version the ref names can serve now (loading it if
 * needed, so a probe warms it), 404 for a model or version that does not exist, 503 with Retry-After when it
 * is not in memory and the registry cannot be reached. A model in memory stays ready while the database is down.
 */
@Controller('v2/models')
@UseFilters(ServingExceptionFilter)
export class ModelReadinessController {
  constructor(@Inject(MODEL_SERVER) private readonly server: ModelServer) {}

  /** The version served by default (`?label=production` for an alias). */
  @Get(':name/ready')
  ready(@Param('name') name: string, @Query('label') label?: string): Promise<ModelReadyResponse> {
    return this.server.ready(parseModelRef({ name, alias: label }));
  }

  @Get(':name/versions/:version/ready')
  versionReady(@Param('name') name: string, @Param('version') version: string): Promise<ModelReadyResponse> {
    return this.server.ready(parseModelRef({ name, version }));
  }
}
