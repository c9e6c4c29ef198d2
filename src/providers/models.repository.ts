import { Injectable } from '@nestjs/common';
import type { Model, Rule, Target } from '../generated/prisma/client';
import type { Db, Prisma } from '../database/db.types';
import { PrismaService } from '../database/prisma.service';

export type TargetRow = Target;
export type RuleRow = Rule;
export type ModelRow = Model & { targets: TargetRow[]; rules: RuleRow[] };

export interface ModelData {
  name: string;
  strategy: string;
  sticky: boolean;
  unsupportedTools: string;
  targets: Omit<Prisma.TargetCreateManyInput, 'modelName' | 'id'>[];
  rules: { when: string; targets: object[] }[];
}

const withChildren = {
  targets: { orderBy: { position: 'asc' } },
  rules: { orderBy: { position: 'asc' } },
} as const;

@Injectable()
export class ModelsRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(db: Db = this.prisma): Promise<ModelRow[]> {
    return db.model.findMany({ orderBy: { name: 'asc' }, include: withChildren });
  }

  find(name: string, db: Db = this.prisma): Promise<ModelRow | null> {
    return db.model.findUnique({ where: { name }, include: withChildren });
  }

  /** Insert or replace a model with its targets and rules (call inside a transaction). */
  async replace(data: ModelData, db: Db): Promise<void> {
    await db.model.upsert({
      where: { name: data.name },
      create: {
        name: data.name,
        strategy: data.strategy,
        sticky: data.sticky,
        unsupportedTools: data.unsupportedTools,
      },
      update: {
        strategy: data.strategy,
        sticky: data.sticky,
        unsupportedTools: data.unsupportedTools,
      },
    });
    await db.target.deleteMany({ where: { modelName: data.name } });
    await db.rule.deleteMany({ where: { modelName: data.name } });
    if (data.targets.length > 0) {
      await db.target.createMany({
        data: data.targets.map((t, position) => ({ ...t, modelName: data.name, position })),
      });
    }
    if (data.rules.length > 0) {
      await db.rule.createMany({
        data: data.rules.map((r, position) => ({ ...r, modelName: data.name, position })),
      });
    }
  }

  async delete(name: string, db: Db = this.prisma): Promise<boolean> {
    const { count } = await db.model.deleteMany({ where: { name } });
    return count > 0;
  }

  globalRules(db: Db = this.prisma): Promise<RuleRow[]> {
    return db.rule.findMany({ where: { modelName: null }, orderBy: { position: 'asc' } });
  }

  /** Replace the global rule list (call inside a transaction). */
  async replaceGlobalRules(rules: { when: string; targets: object[] }[], db: Db): Promise<void> {
    await db.rule.deleteMany({ where: { modelName: null } });
    if (rules.length > 0) {
      await db.rule.createMany({
        data: rules.map((r, position) => ({ ...r, modelName: null, position })),
      });
    }
  }

  // ---- single rules (the admin rules API) ------------------------------------------------

  /** All rules (global first, then by model), or one model's (`null`: the global ones). */
  listRules(modelName?: string | null, db: Db = this.prisma): Promise<RuleRow[]> {
    return db.rule.findMany({
      where: modelName === undefined ? {} : { modelName },
      orderBy: [{ modelName: { sort: 'asc', nulls: 'first' } }, { position: 'asc' }],
    });
  }

  findRule(id: string, db: Db = this.prisma): Promise<RuleRow | null> {
    return db.rule.findUnique({ where: { id } });
  }

  /** Add a rule after the last one of its model (`null`: global). */
  async appendRule(
    modelName: string | null,
    rule: { when: string; targets: object[] },
    db: Db,
  ): Promise<RuleRow> {
    const { _max } = await db.rule.aggregate({ where: { modelName }, _max: { position: true } });
    const position = (_max.position ?? -1) + 1;
    return db.rule.create({ data: { ...rule, modelName, position } });
  }

  updateRule(id: string, rule: { when: string; targets: object[] }, db: Db): Promise<RuleRow> {
    return db.rule.update({ where: { id }, data: rule });
  }

  async deleteRule(id: string, db: Db): Promise<boolean> {
    const { count } = await db.rule.deleteMany({ where: { id } });
    return count > 0;
  }
}
