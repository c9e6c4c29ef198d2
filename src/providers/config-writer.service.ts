import { Injectable } from '@nestjs/common';
import { InvalidRequestError } from '../common/errors/gateway-error';
import type { Db } from '../database/db.types';
import { PrismaService } from '../database/prisma.service';
import { ConfigSnapshotService } from './config-snapshot.service';
import { ConfigStateRepository } from './config-state.repository';
import { ProvidersRepository } from './providers.repository';

/**
 * How every configuration write (admin API, YAML import, bootstrap) is done: one transaction,
 * a version bump with NOTIFY for other instances, then a local snapshot reload so the change
 * applies to the very next request.
 */
@Injectable()
export class ConfigWriter {
  constructor(
    private readonly prisma: PrismaService,
    private readonly providers: ProvidersRepository,
    private readonly state: ConfigStateRepository,
    private readonly snapshot: ConfigSnapshotService,
  ) {}

  async write<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const result = await this.prisma.$transaction(async (tx) => {
      const value = await fn(tx);
      await this.state.bump(tx);
      return value;
    });
    await this.snapshot.reload();
    return result;
  }

  /** The configuration version now loaded. */
  get version(): number {
    return this.snapshot.current.version;
  }

  /** Check that every provider a model or rule names exists (in the DB or alongside). */
  async checkProviderRefs(
    where: string,
    names: string[],
    db: Db,
    alsoKnown: Set<string> = new Set(),
  ): Promise<void> {
    const known = new Set([...(await this.providers.list(db)).map((p) => p.id), ...alsoKnown]);
    const missing = [...new Set(names)].filter((n) => !known.has(n));
    if (missing.length > 0) {
      throw new InvalidRequestError(
        `${where}: unknown provider(s) ${missing.map((m) => `'${m}'`).join(', ')}.`,
        'targets',
        'provider_not_found',
      );
    }
  }
}
