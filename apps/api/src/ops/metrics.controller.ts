import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, register } from 'prom-client';
import { Public } from '../auth/auth.decorators';

collectDefaultMetrics({ prefix: 'tiaojie_api_' });

/** Prometheus metrics at /metrics (outside /api, as scrapers expect). */
@ApiExcludeController()
@Controller()
export class MetricsController {
  @Public()
  @Get('metrics')
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
