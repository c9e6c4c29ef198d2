import { Injectable } from '@nestjs/common';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { displayPrefix, generateApiKey, hashApiKey } from '../auth/key-hash';
import { ConflictError, InvalidRequestError, NotFoundError } from '../common/errors/gateway-error';
import type { ApiKeyInput } from '../config/gateway-config.schema';
import type { Db } from '../database/db.types';
import { ConfigWriter } from './config-writer.service';
import { apiKeyView, ApiKeyView } from './config.views';

/** Gateway keys (`/admin/keys`), and the admin key every gateway starts with. */
@Injectable()
export class KeysAdminService {
  constructor(
    private readonly writer: ConfigWriter,
    private readonly keys: ApiKeysRepository,
  ) {}

  async listKeys(): Promise<ApiKeyView[]> {
    return (await this.keys.list()).map(apiKeyView);
  }

  async getKey(name: string): Promise<ApiKeyView> {
    const row = await this.keys.findByName(name);
    if (!row) throw new NotFoundError(`API key '${name}' not found.`, 'key_not_found');
    return apiKeyView(row);
  }

  /** Insert or update a key by name (in the caller's transaction); `plaintext` sets its secret. */
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

  /**
   * A key from a configuration file (in the caller's transaction): its `key` when it has one;
   * a new key without one is generated and its plaintext returned (to show once); an existing
   * key without one keeps its secret.
   */
  async importKey(input: ApiKeyInput, db: Db): Promise<string | null> {
    let plaintext = input.key;
    let generated: string | null = null;
    if (!plaintext && !(await this.keys.findByName(input.name, db))) {
      plaintext = generated = generateApiKey();
    }
    await this.saveKey(input, db, plaintext);
    return generated;
  }

  /** Create a key; the plaintext is returned this once and never again. */
  async createKey(input: ApiKeyInput): Promise<ApiKeyView & { key: string }> {
    const plaintext = input.key ?? generateApiKey();
    const row = await this.writer.write(async (tx) => {
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
    const row = await this.writer.write(async (tx) => {
      if (!(await this.keys.findByName(name, tx))) {
        throw new NotFoundError(`API key '${name}' not found.`, 'key_not_found');
      }
      return this.saveKey(input, tx, input.key);
    });
    return apiKeyView(row);
  }

  async deleteKey(name: string): Promise<void> {
    await this.writer.write(async (tx) => {
      if (!(await this.keys.delete(name, tx))) {
        throw new NotFoundError(`API key '${name}' not found.`, 'key_not_found');
      }
    });
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
      await this.writer.write((tx) =>
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
    await this.writer.write(async (tx) => {
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
