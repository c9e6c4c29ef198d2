import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/gateway-error';
import type { RuleInput } from '../config/gateway-config.schema';
import type { Db } from '../database/db.types';
import { ConfigWriter } from './config-writer.service';
import { ruleView, RuleView } from './config.views';
import { ModelsRepository } from './models.repository';
import { normalizeRuleTargets } from './snapshot.builder';

/** Rule ids are UUIDs; anything else cannot name a rule (and would be a database error). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function ruleNotFound(id: string): NotFoundError {
  return new NotFoundError(`Rule '${id}' not found.`, 'rule_not_found');
}

/** Rules as stored: targets in their list form. */
export function ruleRows(rules: RuleInput[]): { when: string; targets: object[] }[] {
  return rules.map((r) => ({ when: r.when, targets: normalizeRuleTargets(r.targets) }));
}

/** One rule at a time (`/admin/rules`): a model's or a global one, by id. */
@Injectable()
export class RulesAdminService {
  constructor(
    private readonly writer: ConfigWriter,
    private readonly models: ModelsRepository,
  ) {}

  /** All rules; `model` narrows to one model's, `null` to the global ones. */
  async listRules(model?: string | null): Promise<RuleView[]> {
    return (await this.models.listRules(model)).map(ruleView);
  }

  private async ruleRow(rule: RuleInput, where: string, db: Db) {
    const targets = normalizeRuleTargets(rule.targets);
    await this.writer.checkProviderRefs(
      where,
      targets.map((t) => t.provider),
      db,
    );
    return { when: rule.when, targets };
  }

  /** Append a rule to a model's list, or to the global list when `model` is absent. */
  async createRule(input: RuleInput & { model?: string }): Promise<RuleView> {
    const { model = null, ...rule } = input;
    const row = await this.writer.write(async (tx) => {
      if (model !== null && !(await this.models.find(model, tx))) {
        throw new NotFoundError(`Model '${model}' not found.`, 'model_not_found');
      }
      const data = await this.ruleRow(rule, model ? `rule of model '${model}'` : 'rule', tx);
      return this.models.appendRule(model, data, tx);
    });
    return ruleView(row);
  }

  /** Replace a rule's `when` and `targets`; it keeps its model and position. */
  async putRule(id: string, input: RuleInput): Promise<RuleView> {
    const row = await this.writer.write(async (tx) => {
      if (!UUID.test(id) || !(await this.models.findRule(id, tx))) throw ruleNotFound(id);
      return this.models.updateRule(id, await this.ruleRow(input, `rule ${id}`, tx), tx);
    });
    return ruleView(row);
  }

  async deleteRule(id: string): Promise<void> {
    await this.writer.write(async (tx) => {
      if (!UUID.test(id) || !(await this.models.deleteRule(id, tx))) throw ruleNotFound(id);
    });
  }
}
