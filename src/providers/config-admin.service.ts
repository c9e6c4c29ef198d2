import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConflictError, InvalidRequestError, NotFoundError } from '../common/errors/gateway-error';
import type { GatewayConfig, ModelInput, ProviderInput } from '../config/gateway-config.schema';
import type { Db } from '../database/db.types';
import { ConfigWriter } from './config-writer.service';
import {
  modelView,
  ModelView,
  providerInputOf,
  providerView,
  ProviderView,
  unmaskHeaders,
} from './config.views';
import { KeysAdminService } from './keys-admin.service';
import { ModelsRepository } from './models.repository';
import { ProviderRow, ProvidersRepository } from './providers.repository';
import { SECRET_CIPHER } from './providers.tokens';
import { ruleRows } from './rules-admin.service';
import { SecretCipher } from './secret-cipher';
import { normalizeRuleTargets } from './snapshot.builder';

/** A partial provider update: any fields but the id. */
export type ProviderPatchInput = Partial<Omit<ProviderInput, 'id'>>;

function storedHeaders(row: ProviderRow | null): Record<string, string> {
  return (row?.headers ?? {}) as Record<string, string>;
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
 * Providers and models (`/admin/providers`, `/admin/models`) and the import of a whole
 * configuration file; rules and keys have their own services. Every write goes through
 * ConfigWriter.
 */
@Injectable()
export class ConfigAdminService {
  private readonly logger = new Logger('Config');

  constructor(
    private readonly writer: ConfigWriter,
    private readonly providers: ProvidersRepository,
    private readonly models: ModelsRepository,
    private readonly keyAdmin: KeysAdminService,
    @Inject(SECRET_CIPHER) private readonly cipher: SecretCipher,
  ) {}

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
    if (input.reasoning !== undefined) extra.reasoning = input.reasoning;
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
    const row = await this.writer.write(async (tx) => {
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
    const row = await this.writer.write(async (tx) => {
      const current = await this.providers.find(id, tx);
      const headers = unmaskHeaders(input.headers, storedHeaders(current));
      return this.saveProvider({ ...input, headers }, tx);
    });
    return providerView(row, this.decryptOrUndefined(row.apiKeyEncrypted));
  }

  /** Change only the fields given; without `api_key` the stored secret stays. */
  async patchProvider(id: string, patch: ProviderPatchInput): Promise<ProviderView> {
    const row = await this.writer.write(async (tx) => {
      const current = await this.providers.find(id, tx);
      if (!current) throw new NotFoundError(`Provider '${id}' not found.`, 'provider_not_found');
      const merged: Record<string, unknown> = { ...providerInputOf(current) };
      for (const [field, value] of Object.entries(patch)) {
        if (value !== undefined) merged[field] = value;
      }
      if (patch.headers) merged.headers = unmaskHeaders(patch.headers, storedHeaders(current));
      return this.saveProvider(merged as ProviderInput, tx);
    });
    return providerView(row, this.decryptOrUndefined(row.apiKeyEncrypted));
  }

  async deleteProvider(id: string): Promise<void> {
    await this.writer.write(async (tx) => {
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

  private async saveModel(input: ModelInput, db: Db, alsoKnown?: Set<string>): Promise<void> {
    await this.writer.checkProviderRefs(
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
        unsupportedTools: input.unsupported_tools,
        targets: input.targets.map((t) => ({
          providerId: t.provider,
          upstreamModel: t.model,
          priority: t.priority,
          weight: t.weight,
          contextWindow: t.context_window ?? null,
          price: t.price ?? undefined,
          quota: t.quota ?? undefined,
          capabilities: t.capabilities ?? undefined,
          reasoning: t.reasoning ?? null,
          enabled: t.enabled,
        })),
        rules: ruleRows(input.rules),
      },
      db,
    );
  }

  async createModel(input: ModelInput): Promise<ModelView> {
    await this.writer.write(async (tx) => {
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
    await this.writer.write((tx) => this.saveModel(input, tx));
    return this.getModel(name);
  }

  async deleteModel(name: string): Promise<void> {
    await this.writer.write(async (tx) => {
      if (!(await this.models.delete(name, tx))) {
        throw new NotFoundError(`Model '${name}' not found.`, 'model_not_found');
      }
    });
  }

  // ---- whole-file import and bootstrap ---------------------------------------------------

  /** Upsert everything in a configuration file by id/name, in one transaction. */
  async applyConfig(config: GatewayConfig): Promise<ApplyResult> {
    const generated: { name: string; key: string }[] = [];
    const fileProviders = new Set(config.providers.map((p) => p.id));
    await this.writer.write(async (tx) => {
      for (const p of config.providers) await this.saveProvider(p, tx);
      for (const m of config.models) await this.saveModel(m, tx, fileProviders);
      for (const k of config.api_keys) {
        const key = await this.keyAdmin.importKey(k, tx);
        if (key) generated.push({ name: k.name, key });
      }
      if (config.rules !== undefined) {
        await this.writer.checkProviderRefs(
          'global rules',
          config.rules.flatMap((r) => normalizeRuleTargets(r.targets).map((t) => t.provider)),
          tx,
        );
        await this.models.replaceGlobalRules(ruleRows(config.rules), tx);
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
      version: this.writer.version,
      generated_keys: generated,
    };
  }
}
