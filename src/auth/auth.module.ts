import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ProvidersModule } from '../providers/providers.module';
import { AdminGuard, ApiKeyGuard } from './guards';
import { ApiKeyStrategy } from './strategies/api-key.strategy';

@Module({
  imports: [PassportModule, ProvidersModule],
  providers: [ApiKeyStrategy, ApiKeyGuard, AdminGuard],
  exports: [ApiKeyStrategy, ApiKeyGuard, AdminGuard],
})
export class AuthModule {}
