import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProvidersModule } from '../providers/providers.module';
import { HealthController } from './health.controller';
import { HealthzController } from './healthz.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), ProvidersModule],
  controllers: [HealthController, HealthzController],
})
export class HealthModule {}
