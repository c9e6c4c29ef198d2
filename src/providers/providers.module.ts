import { Module } from '@nestjs/common';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { ENV } from '../config/config.tokens';
import type { Env } from '../config/env';
import { ConfigAdminService } from './config-admin.service';
import { ConfigBootstrapService } from './config-bootstrap.service';
import { ConfigSnapshotService } from './config-snapshot.service';
import { ConfigStateRepository } from './config-state.repository';
import { ConfigWriter } from './config-writer.service';
import { KeysAdminService } from './keys-admin.service';
import { ModelsRepository } from './models.repository';
import { ProvidersRepository } from './providers.repository';
import { RulesAdminService } from './rules-admin.service';
import { SECRET_CIPHER } from './providers.tokens';
import { SecretCipher } from './secret-cipher';

@Module({
  providers: [
    {
      provide: SECRET_CIPHER,
      inject: [ENV],
      useFactory: (env: Env) => {
        if (!env.GATEWAY_SECRET) throw new Error('GATEWAY_SECRET is not set');
        return new SecretCipher(env.GATEWAY_SECRET);
      },
    },
    ProvidersRepository,
    ModelsRepository,
    ApiKeysRepository,
    ConfigStateRepository,
    ConfigSnapshotService,
    ConfigWriter,
    ConfigAdminService,
    RulesAdminService,
    KeysAdminService,
    ConfigBootstrapService,
  ],
  exports: [
    ConfigSnapshotService,
    ConfigAdminService,
    RulesAdminService,
    KeysAdminService,
    ConfigBootstrapService,
  ],
})
export class ProvidersModule {}
