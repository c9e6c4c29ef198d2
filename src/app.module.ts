import { DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ZodValidationPipe } from 'nestjs-zod';
import type { ResolvedEnv } from './app.factory';
import { AdminModule } from './admin/admin.module';
import { HttpDrainService } from './common/http-drain.service';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { IngressModule } from './ingress/ingress.module';
import { MetricsModule } from './metrics/metrics.module';
import { QuotaModule } from './quota/quota.module';

@Module({})
export class AppModule {
  static forRoot(env: ResolvedEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        DatabaseModule.forRoot(env.DATABASE_URL),
        ScheduleModule.forRoot(),
        MetricsModule,
        HealthModule,
        IngressModule,
        QuotaModule,
        AdminModule,
      ],
      providers: [{ provide: APP_PIPE, useClass: ZodValidationPipe }, HttpDrainService],
    };
  }
}
