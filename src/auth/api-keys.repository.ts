import { Injectable } from '@nestjs/common';
import type { ApiKey } from '../generated/prisma/client';
import type { Db, Prisma } from '../database/db.types';
import { PrismaService } from '../database/prisma.service';

export type ApiKeyRow = ApiKey;
export type ApiKeyData = Omit<Prisma.ApiKeyUncheckedCreateInput, 'id' | 'createdAt' | 'updatedAt'>;

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(db: Db = this.prisma): Promise<ApiKeyRow[]> {
    return db.apiKey.findMany({ orderBy: { name: 'asc' } });
  }

  findByName(name: string, db: Db = this.prisma): Promise<ApiKeyRow | null> {
    return db.apiKey.findUnique({ where: { name } });
  }

  findByHash(keyHash: string, db: Db = this.prisma): Promise<ApiKeyRow | null> {
    return db.apiKey.findUnique({ where: { keyHash } });
  }

  countAdmins(db: Db = this.prisma): Promise<number> {
    return db.apiKey.count({ where: { role: 'admin', enabled: true } });
  }

  /** Insert or update by name; `keyHash`/`keyPrefix` undefined on update keep the stored key. */
  upsert(
    data: Omit<ApiKeyData, 'keyHash' | 'keyPrefix'> & { keyHash?: string; keyPrefix?: string },
    db: Db = this.prisma,
  ): Promise<ApiKeyRow> {
    const { keyHash, keyPrefix, ...rest } = data;
    if (!keyHash || !keyPrefix) {
      return db.apiKey.update({ where: { name: data.name }, data: rest });
    }
    return db.apiKey.upsert({
      where: { name: data.name },
      create: { ...rest, keyHash, keyPrefix },
      update: { ...rest, keyHash, keyPrefix },
    });
  }

  async delete(name: string, db: Db = this.prisma): Promise<boolean> {
    const { count } = await db.apiKey.deleteMany({ where: { name } });
    return count > 0;
  }
}
