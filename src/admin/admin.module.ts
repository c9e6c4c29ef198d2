import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { ProvidersModule } from '../providers/providers.module';
import { QuotaModule } from '../quota/quota.module';
import { RoutingModule } from '../routing/routing.module';
import { AdminKeysController } from './admin-keys.controller';
import { AdminModelsController } from './admin-models.controller';
import { AdminProvidersController } from './admin-providers.controller';
import { AdminReloadController } from './admin-reload.controller';
import { AdminRouteController } from './admin-route.controller';
import { AdminRulesController } from './admin-rules.controller';
import { AdminStatsController } from './admin-stats.controller';
import { AdminStatusController } from './admin-status.controller';
import { ProviderTestService } from './provider-test.service';

@Module({
  imports: [AuthModule, ProvidersModule, RoutingModule, QuotaModule, DispatchModule],
  providers: [ProviderTestService],
  controllers: [
    AdminStatusController,
    AdminProvidersController,
    AdminModelsController,
    AdminKeysController,
    AdminRulesController,
    AdminReloadController,
    AdminRouteController,
    AdminStatsController,
  ],
})
export class AdminModule {}
