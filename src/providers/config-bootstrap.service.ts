import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ENV } from '../config/config.tokens';
import type { Env } from '../config/env';
import { loadGatewayConfigFile } from '../config/gateway-config.loader';
import { ApplyResult, ConfigAdminService } from './config-admin.service';
import { ConfigSnapshotService } from './config-snapshot.service';
import { KeysAdminService } from './keys-admin.service';

/**
 * Start-up: ensure an admin key exists (printing a generated one once), apply GATEWAY_CONFIG,
 * load the snapshot and follow other instances' changes — all before the port opens.
 */
@Injectable()
export class ConfigBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Config');

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly admin: ConfigAdminService,
    private readonly keys: KeysAdminService,
    private readonly snapshot: ConfigSnapshotService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const generated = await this.keys.ensureAdminKey(this.env.GATEWAY_ADMIN_KEY);
    if (generated) {
      this.logger.warn(
        `No admin key existed, so one was generated. It is shown only this once; store it now:\n\n    ${generated}\n`,
      );
    }
    if (this.env.GATEWAY_CONFIG) {
      const result = await this.applyFile(this.env.GATEWAY_CONFIG);
      this.logger.log(
        `applied ${this.env.GATEWAY_CONFIG}: ${result.providers} providers, ${result.models} models, ${result.api_keys} keys`,
      );
    }
    await this.snapshot.reload();
    await this.snapshot.listen();
  }

  private async applyFile(path: string): Promise<ApplyResult> {
    // `${VAR}` in the file is interpolated from the process environment.
    const config = await loadGatewayConfigFile(path);
    return this.admin.applyConfig(config);
  }

  /** POST /admin/reload: re-apply the file (if any) and rebuild the snapshot. */
  async reload(): Promise<Partial<ApplyResult> & { version: number }> {
    if (this.env.GATEWAY_CONFIG) return this.applyFile(this.env.GATEWAY_CONFIG);
    const snapshot = await this.snapshot.reload();
    return { version: snapshot.version };
  }
}
