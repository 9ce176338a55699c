import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { HttpResponse as Response } from './http-types.js';
import { READINESS } from '../dependencies.js';
import type { Readiness, ReadinessState } from '../observability/readiness.js';

/** Probes (KServe v2 paths): live = the process answers; ready = it can serve (database reachable and migrated). */
@Controller('v2/health')
export class HealthController {
  constructor(@Inject(READINESS) private readonly readiness: Readiness) {}

  @Get('live')
  live(): { live: true } {
    return { live: true };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessState> {
    const state = await this.readiness.check();
    res.status(state.ready ? 200 : 503);
    return state;
  }
}
