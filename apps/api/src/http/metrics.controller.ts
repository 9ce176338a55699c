import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { HttpResponse as Response } from './http-types.js';
import { API_METRICS } from '../dependencies.js';
import type { ApiMetrics } from '../observability/api-metrics.js';

@Controller()
export class MetricsController {
  constructor(@Inject(API_METRICS) private readonly metrics: ApiMetrics) {}

  /** Prometheus text format. */
  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: Response): Promise<void> {
    const text = await this.metrics.text();
    res.type(this.metrics.contentType).send(text);
  }
}
