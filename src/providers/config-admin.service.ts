import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { displayPrefix, generateApiKey, hashApiKey } from '../auth/key-hash';
import { ConflictError, InvalidRequestError, NotFoundError } from '../common/errors/gateway-error';
import type {
  ApiKeyInput,
  GatewayConfig,
  ModelInput,
  ProviderInput,
  RuleInput,
} from '../config/gateway-config.schema';
import type { Db } from '../database/db.types';
import { PrismaService } from '../database/prisma.service';
import { ConfigSnapshotService } from './config-snapshot.service';
import { ConfigStateRepository } from './config-state.repository';
import {
  apiKeyView,
  ApiKeyView,
  modelView,
  ModelView,
  providerView,
  ProviderView,
  ruleView,
  RuleView,
} from './config.views';
import { ModelsRepository } from './models.repository';
import { ProvidersRepository } from './providers.repository';
import { SECRET_CIPHER } from './providers.tokens';
import { SecretCipher } from './secret-cipher';
import { normalizeRuleTargets } from './snapshot.builder';

/** Rule ids are UUIDs; anything else cannot name a rule (and would be a database error). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function ruleNotFound(id: string): NotFoundError {
  return new NotFoundError(`Rule '${id}' not found.`, 'rule_not_found');
}

/** Summary of a configuration import. */
export interface ApplyResult {
  providers: number;
  models: number;
  api_keys: number;
  rules: number;
  version: number;
  /** Keys that had no `key` in the file: generated, shown here once. */
  generated_keys: { name: string; key: string }[];
}

/**
 * Every configuration write (admin API, YAML import, bootstrap) goes through here: one
 * transaction, a version bump with NOTIFY for other instances, then a local snapshot reload
 * so the change applies to the very next request.
 */
@Injectable()
export class ConfigAdminService {
  private readonly logger = new Logger('Config');

  constructor(
    private readonly prisma: PrismaService,
    private readonly providers: ProvidersRepository,
    private readonly models: ModelsRepository,
    private readonly keys: ApiKeysRepository,
    private readonly state: ConfigStateRepository,
    private readonly snapshot: ConfigSnapshotService,
    @Inject(SECRET_CIPHER) private readonly cipher: SecretCipher,
  ) {}

  private async write<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const result = await this.prisma.$transaction(async (tx) => {
      const value = await fn(tx);
      await this.state.bump(tx);
      return value;
    });
    await this.snapshot.reload();
    return result;
  }

  // ---- providers -------------------------------------------------------------------------

  private decryptOrUndefined(stored: string | null): string | undefined {
    if (!stored) return undefined;
    try {
      return this.cipher.decrypt(stored);
    } catch {
      return undefined;
    }
  }

  async listProviders(): Promise<ProviderView[]> {
    const rows = await this.providers.list();
    return rows.map((r) => providerView(r, this.decryptOrUndefined(r.apiKeyEncrypted)));
  }

  async getProvider(id: string): Promise<ProviderView> {
    const row = await this.providers.find(id);
    if (!row) throw new NotFoundError(`Provider '${id}' not found.`, 'provider_not_found');
    return providerView(row, this.decryptOrUndefined(row.apiKeyEncrypted));
  }

  private async saveProvider(input: ProviderInput, db: Db) {
    const extra: Record<string, unknown> = {};
    if (input.api_version !== undefined) extra.api_version = input.api_version;
    if (input.max_tokens_field !== undefined) extra.max_tokens_field = input.max_tokens_field;
    if (input.health_check !== undefined) extra.health_check = input.health_check;
    if (input.circuit_breaker !== undefined) extra.circuit_breaker = input.circuit_breaker;
    return this.providers.upsert(
      {
        id: input.id,
        format: input.format,
        baseUrl: input.base_url,
        // Absent api_key keeps the stored one; an empty string clears it.
        ...(input.api_key !== undefined
          ? { apiKeyEncrypted: input.api_key === '' ? null : this.cipher.encrypt(input.api_key) }
          : {}),
        headers: input.headers,
        timeoutMs: input.timeout_ms,
        retries: input.retries,
        streamSupport: input.stream_support,
        nonStreamSupport: input.non_stream_support,
        enabled: input.enabled,
        extra: extra as object,
      },
      db,
    );
  }

  async createProvider(input: ProviderInput): Promise<ProviderView> {
    const row = await this.write(async (tx) => {
      if (await this.providers.find(input.id, tx)) {
        throw new ConflictError(`Provider '${input.id}' already exists.`, 'provider_exists');
      }
      return this.saveProvider(input, tx);
    });
    return providerView(row, input.api_key || undefined);
  }

  async putProvider(id: string, input: ProviderInput): Promise<ProviderView> {
    if (input.id !== id) {
      throw new InvalidRequestError(`Body id '${input.id}' does not match the path '${id}'.`, 'id');
    }
    const row = await this.write((tx) => this.saveProvider(input, tx));
    return providerView(row, this.decryptOrUndefined(row.apiKeyEncrypted));
  }

  async deleteProvider(id: string): Promise<void> {
    await this.write(async (tx) => {
      const usedBy = await this.providers.modelsUsing(id, tx);
      if (usedBy.length > 0) {
        throw new ConflictError(
          `Provider '${id}' is a target of model(s) ${usedBy.join(', ')}; remove those targets first.`,
          'provider_in_use',
        );
      }
      if (!(await this.providers.delete(id, tx))) {
        throw new NotFoundError(`Provider '${id}' not found.`, 'provider_not_found');
      }
    });
  }

  // ---- models ----------------------------------------------------------------------------

  async listModels(): Promise<ModelView[]> {
    return (await this.models.list()).map(modelView);
  }

  async getModel(name: string): Promise<ModelView> {
    const row = await this.models.find(name);
    if (!row) throw new NotFoundError(`Model '${name}' not found.`, 'model_not_found');
    return modelView(row);
  }

  /** Check that every provider a model or rule names exists (in the DB or alongside). */
  private async checkProviderRefs(
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

  private ruleRows(rules: RuleInput[]): { when: string; targets: object[] }[] {
    return rules.map((r) => ({ when: r.when, targets: normalizeRuleTargets(r.targets) }));
  }

  private async saveModel(input: ModelInput, db: Db, alsoKnown?: Set<string>): Promise<void> {
    await this.checkProviderRefs(
      `model '${input.name}'`,
      [
        ...input.targets.map((t) => t.provider),
        ...input.rules.flatMap((r) => normalizeRuleTargets(r.targets).map((t) => t.provider)),
      ],
      db,
      alsoKnown,
    );
    await this.models.replace(
      {
        name: input.name,
        strategy: input.strategy,
        sticky: input.sticky,
        targets: input.targets.map((t) => ({
          providerId: t.provider,
          upstreamModel: t.model,
          priority: t.priority,
          weight: t.weight,
          contextWindow: t.context_window ?? null,
          price: t.price ?? undefined,
          quota: t.quota ?? undefined,
          capabilities: t.capabilities ?? undefined,
          enabled: t.enabled,
        })),
        rules: this.ruleRows(input.rules),
      },
      db,
    );
  }

  async createModel(input: ModelInput): Promise<ModelView> {
    await this.write(async (tx) => {
      if (await this.models.find(input.name, tx)) {
        throw new ConflictError(`Model '${input.name}' already exists.`, 'model_exists');
      }
      await this.saveModel(input, tx);
    });
    return this.getModel(input.name);
  }

  async putModel(name: string, input: ModelInput): Promise<ModelView> {
    if (input.name !== name) {
      throw new InvalidRequestError(
        `Body name '${input.name}' does not match the path '${name}'.`,
        'name',
      );
    }
    await this.write((tx) => this.saveModel(input, tx));
    return this.getModel(name);
  }

  async deleteModel(name: string): Promise<void> {
    await this.write(async (tx) => {
      if (!(await this.models.delete(name, tx))) {
        throw new NotFoundError(`Model '${name}' not found.`, 'model_not_found');
      }
    });
  }

  // ---- single rules ----------------------------------------------------------------------

  /** All rules; `model` narrows to one model's, `null` to the global ones. */
  async listRules(model?: string | null): Promise<RuleView[]> {
    return (await this.models.listRules(model)).map(ruleView);
  }

  private async ruleRow(rule: RuleInput, where: string, db: Db) {
    const targets = normalizeRuleTargets(rule.targets);
    await this.checkProviderRefs(
      where,
      targets.map((t) => t.provider),
      db,
    );
    return { when: rule.when, targets };
  }

  /** Append a rule to a model's list, or to the global list when `model` is absent. */
  async createRule(input: RuleInput & { model?: string }): Promise<RuleView> {
    const { model = null, ...rule } = input;
    const row = await this.write(async (tx) => {
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
    const row = await this.write(async (tx) => {
      if (!UUID.test(id) || !(await this.models.findRule(id, tx))) throw ruleNotFound(id);
      return this.models.updateRule(id, await this.ruleRow(input, `rule ${id}`, tx), tx);
    });
    return ruleView(row);
  }

  async deleteRule(id: string): Promise<void> {
    await this.write(async (tx) => {
      if (!UUID.test(id) || !(await this.models.deleteRule(id, tx))) throw ruleNotFound(id);
    });
  }

  // ---- gateway keys ----------------------------------------------------------------------

  async listKeys(): Promise<ApiKeyView[]> {
    return (await this.keys.list()).map(apiKeyView);
  }

  async getKey(name: string): Promise<ApiKeyView> {
    const row = await this.keys.findByName(name);
    if (!row) throw new NotFoundError(`API key '${name}' not found.`, 'key_not_found');
    return apiKeyView(row);
  }

  private async saveKey(input: ApiKeyInput, db: Db, plaintext: string | undefined) {
    if (plaintext) {
      const existing = await this.keys.findByHash(hashApiKey(plaintext), db);
      if (existing && existing.name !== input.name) {
        throw new ConflictError('That key value is already in use by another key.', 'key_exists');
      }
    }
    return this.keys.upsert(
      {
        name: input.name,
        role: input.role,
        models: input.models,
        limits: input.limits ?? undefined,
        budget: input.budget ?? undefined,
        metadata: input.metadata as object,
        enabled: input.enabled,
        ...(plaintext
          ? { keyHash: hashApiKey(plaintext), keyPrefix: displayPrefix(plaintext) }
          : {}),
      },
      db,
    );
  }

  /** Create a key; the plaintext is returned this once and never again. */
  async createKey(input: ApiKeyInput): Promise<ApiKeyView & { key: string }> {
    const plaintext = input.key ?? generateApiKey();
    const row = await this.write(async (tx) => {
      if (await this.keys.findByName(input.name, tx)) {
        throw new ConflictError(`API key '${input.name}' already exists.`, 'key_exists');
      }
      return this.saveKey(input, tx, plaintext);
    });
    return { ...apiKeyView(row), key: plaintext };
  }

  /** Update a key's settings; a `key` in the body replaces the secret. */
  async putKey(name: string, input: ApiKeyInput): Promise<ApiKeyView> {
    if (input.name !== name) {
      throw new InvalidRequestError(
        `Body name '${input.name}' does not match the path '${name}'.`,
        'name',
      );
    }
    const row = await this.write(async (tx) => {
      if (!(await this.keys.findByName(name, tx))) {
        throw new NotFoundError(`API key '${name}' not found.`, 'key_not_found');
      }
      return this.saveKey(input, tx, input.key);
    });
    return apiKeyView(row);
  }

  async deleteKey(name: string): Promise<void> {
    await this.write(async (tx) => {
      if (!(await this.keys.delete(name, tx))) {
        throw new NotFoundError(`API key '${name}' not found.`, 'key_not_found');
      }
    });
  }

  // ---- whole-file import and bootstrap ---------------------------------------------------

  /** Upsert everything in a configuration file by id/name, in one transaction. */
  async applyConfig(config: GatewayConfig): Promise<ApplyResult> {
    const generated: { name: string; key: string }[] = [];
    const fileProviders = new Set(config.providers.map((p) => p.id));
    await this.write(async (tx) => {
      for (const p of config.providers) await this.saveProvider(p, tx);
      for (const m of config.models) await this.saveModel(m, tx, fileProviders);
      for (const k of config.api_keys) {
        const exists = await this.keys.findByName(k.name, tx);
        let plaintext = k.key;
        if (!plaintext && !exists) {
          plaintext = generateApiKey();
          generated.push({ name: k.name, key: plaintext });
        }
        await this.saveKey(k, tx, plaintext);
      }
      if (config.rules !== undefined) {
        await this.checkProviderRefs(
          'global rules',
          config.rules.flatMap((r) => normalizeRuleTargets(r.targets).map((t) => t.provider)),
          tx,
        );
        await this.models.replaceGlobalRules(this.ruleRows(config.rules), tx);
      }
    });
    for (const g of generated) {
      this.logger.warn(`generated API key for '${g.name}' (shown once): ${g.key}`);
    }
    return {
      providers: config.providers.length,
      models: config.models.length,
      api_keys: config.api_keys.length,
      rules: config.rules?.length ?? 0,
      version: this.snapshot.current.version,
      generated_keys: generated,
    };
  }

  /**
   * Make sure an admin can get in. With GATEWAY_ADMIN_KEY, the key named `admin` is set to it.
   * Without it, on the first start (no admin key at all), one is generated and returned so
   * the caller can print it once.
   */
  async ensureAdminKey(configured: string | undefined): Promise<string | null> {
    if (configured) {
      const hash = hashApiKey(configured);
      const existing = await this.keys.findByName('admin');
      if (existing?.keyHash === hash && existing.role === 'admin' && existing.enabled) return null;
      await this.write((tx) =>
        this.saveKey(
          { name: 'admin', role: 'admin', models: ['*'], metadata: {}, enabled: true },
          tx,
          configured,
        ).then(() => undefined),
      );
      return null;
    }
    if ((await this.keys.countAdmins()) > 0) return null;
    const key = generateApiKey();
    await this.write(async (tx) => {
      await this.keys.upsert(
        {
          name: (await this.keys.findByName('admin', tx)) ? `admin-${Date.now()}` : 'admin',
          role: 'admin',
          models: ['*'],
          metadata: {},
          enabled: true,
          keyHash: hashApiKey(key),
          keyPrefix: displayPrefix(key),
        },
        tx,
      );
    });
    return key;
  }
}
