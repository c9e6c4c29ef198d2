import { Injectable } from '@nestjs/common';
import { ApiKeyRow, ApiKeysRepository } from '../auth/api-keys.repository';
import { displayPrefix, generateApiKey, hashApiKey } from '../auth/key-hash';
import { ConflictError, InvalidRequestError, NotFoundError } from '../common/errors/gateway-error';
import type { ApiKeyInput } from '../config/gateway-config.schema';
import type { Db } from '../database/db.types';
import { Prisma } from '../generated/prisma/client';
import { ConfigWriter } from './config-writer.service';
import { apiKeyView, ApiKeyView } from './config.views';

/** A partial key update: any fields but the name; null limits/budget remove them. */
export type KeyPatchInput = Partial<Omit<ApiKeyInput, 'name' | 'limits' | 'budget'>> & {
  limits?: ApiKeyInput['limits'] | null;
  budget?: ApiKeyInput['budget'] | null;
};

/** A stored key as a request body would give it (without its secret). */
function keyInputOf(row: ApiKeyRow): ApiKeyInput {
  return {
    name: row.name,
    role: row.role as ApiKeyInput['role'],
    models: row.models,
    ...(row.limits != null ? { limits: row.limits as ApiKeyInput['limits'] } : {}),
    ...(row.budget != null ? { budget: row.budget as ApiKeyInput['budget'] } : {}),
    metadata: row.metadata as ApiKeyInput['metadata'],
    enabled: row.enabled,
  };
}

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
        // Absent (or null in a PATCH) removes them: the body is the whole key.
        limits: input.limits ?? Prisma.DbNull,
        budget: input.budget ?? Prisma.DbNull,
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

  /** Change only the fields given; a `key` replaces the secret, otherwise it stays. */
  async patchKey(name: string, patch: KeyPatchInput): Promise<ApiKeyView> {
    const row = await this.writer.write(async (tx) => {
      const current = await this.keys.findByName(name, tx);
      if (!current) throw new NotFoundError(`API key '${name}' not found.`, 'key_not_found');
      const merged = { ...keyInputOf(current) } as KeyPatchInput & ApiKeyInput;
      for (const [field, value] of Object.entries(patch)) {
        if (value !== undefined) (merged as Record<string, unknown>)[field] = value;
      }
      return this.saveKey(merged as ApiKeyInput, tx, patch.key);
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
