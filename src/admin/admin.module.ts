import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ProvidersModule } from '../providers/providers.module';
import { AdminKeysController } from './admin-keys.controller';
import { AdminModelsController } from './admin-models.controller';
import { AdminProvidersController } from './admin-providers.controller';
import { AdminReloadController } from './admin-reload.controller';

@Module({
  imports: [AuthModule, ProvidersModule],
  controllers: [
    AdminProvidersController,
    AdminModelsController,
    AdminKeysController,
    AdminReloadController,
  ],
})
export class AdminModule {}
