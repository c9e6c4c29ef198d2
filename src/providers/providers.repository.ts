import { Injectable } from '@nestjs/common';
import type { Provider } from '../generated/prisma/client';
import type { Db, Prisma } from '../database/db.types';
import { PrismaService } from '../database/prisma.service';

export type ProviderRow = Provider;
export type ProviderData = Omit<Prisma.ProviderUncheckedCreateInput, 'createdAt' | 'updatedAt'>;

@Injectable()
export class ProvidersRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(db: Db = this.prisma): Promise<ProviderRow[]> {
    return db.provider.findMany({ orderBy: { id: 'asc' } });
  }

  find(id: string, db: Db = this.prisma): Promise<ProviderRow | null> {
    return db.provider.findUnique({ where: { id } });
  }

  /** Insert or replace by id. `apiKeyEncrypted: undefined` keeps the stored key. */
  upsert(data: ProviderData, db: Db = this.prisma): Promise<ProviderRow> {
    return db.provider.upsert({ where: { id: data.id }, create: data, update: data });
  }

  async delete(id: string, db: Db = this.prisma): Promise<boolean> {
    const { count } = await db.provider.deleteMany({ where: { id } });
    return count > 0;
  }

  /** Logical models that have a target on this provider. */
  async modelsUsing(id: string, db: Db = this.prisma): Promise<string[]> {
    const rows = await db.target.findMany({
      where: { providerId: id },
      select: { modelName: true },
      distinct: ['modelName'],
    });
    return rows.map((r) => r.modelName);
  }
}
