import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Prometheus } from './prometheus';

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly prometheus: Prometheus) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.prometheus.registry.metrics();
  }
}
