import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Registered once per process: prom-client's default metrics and registry are process-wide,
 * so several app instances in one process (tests) share them.
 */
const prometheus = PrometheusModule.register({
  path: '/metrics',
  controller: MetricsController,
  defaultMetrics: { enabled: true },
});

@Module({
  imports: [prometheus],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
