import { Injectable } from '@nestjs/common';
import type { Db } from '../database/db.types';
import { PrismaService } from '../database/prisma.service';

/** Postgres channel on which instances announce configuration changes. */
export const CONFIG_CHANNEL = 'switchboard_config';

@Injectable()
export class ConfigStateRepository {
  constructor(private readonly prisma: PrismaService) {}

  async version(db: Db = this.prisma): Promise<number> {
    const row = await db.configState.findUnique({ where: { id: 1 } });
    return Number(row?.version ?? 0);
  }

  /**
   * Bump the configuration version and notify other instances; inside a transaction the
   * notification is delivered on commit. Returns the new version.
   */
  async bump(db: Db): Promise<number> {
    const rows = await db.$queryRaw<{ version: bigint }[]>`
      INSERT INTO config_state (id, version, updated_at) VALUES (1, 1, now())
      ON CONFLICT (id) DO UPDATE SET version = config_state.version + 1, updated_at = now()
      RETURNING version`;
    const version = Number(rows[0].version);
    await db.$executeRaw`SELECT pg_notify(${CONFIG_CHANNEL}, ${String(version)})`;
    return version;
  }
}
