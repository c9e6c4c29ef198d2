import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { Subject } from 'rxjs';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { DATABASE_URL } from '../database/database.tokens';
import { ConfigStateRepository, CONFIG_CHANNEL } from './config-state.repository';
import { ModelsRepository } from './models.repository';
import { ProvidersRepository } from './providers.repository';
import { SECRET_CIPHER } from './providers.tokens';
import { SecretCipher } from './secret-cipher';
import { buildSnapshot } from './snapshot.builder';
import type { ConfigSnapshot } from './snapshot.types';

const EMPTY: ConfigSnapshot = {
  version: -1,
  loadedAt: new Date(0),
  providers: new Map(),
  models: new Map(),
  modelGlobs: [],
  keysByHash: new Map(),
  globalRules: [],
};

/**
 * Holds the configuration snapshot the hot path reads (auth, routing, dispatch never query
 * Postgres). Rebuilt after every local change and when another instance announces a change
 * over LISTEN/NOTIFY.
 */
@Injectable()
export class ConfigSnapshotService implements OnApplicationShutdown {
  private readonly logger = new Logger('Config');
  private snapshot: ConfigSnapshot = EMPTY;
  private reloading: Promise<ConfigSnapshot> | null = null;
  private nextReload: Promise<ConfigSnapshot> | null = null;
  private listener: Client | null = null;
  private closing = false;
  private readonly changes = new Subject<ConfigSnapshot>();
  /** Emits each new snapshot (e.g. so upstream connection pools can follow provider edits). */
  readonly changes$ = this.changes.asObservable();

  constructor(
    private readonly providers: ProvidersRepository,
    private readonly models: ModelsRepository,
    private readonly keys: ApiKeysRepository,
    private readonly state: ConfigStateRepository,
    @Inject(SECRET_CIPHER) private readonly cipher: SecretCipher,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  get current(): ConfigSnapshot {
    return this.snapshot;
  }

  get loaded(): boolean {
    return this.snapshot !== EMPTY;
  }

  /**
   * Rebuild the snapshot from Postgres. A call made while a load is running gets the next load,
   * which starts when the running one ends: that one may have read the database before the
   * caller's change was committed. Concurrent calls share that next load.
   */
  reload(): Promise<ConfigSnapshot> {
    if (this.reloading) {
      this.nextReload ??= this.reloading
        .catch(() => undefined)
        .then(() => {
          this.nextReload = null;
          return this.reload();
        });
      return this.nextReload;
    }
    this.reloading = this.load().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async load(): Promise<ConfigSnapshot> {
    const [version, providers, models, globalRules, keys] = await Promise.all([
      this.state.version(),
      this.providers.list(),
      this.models.list(),
      this.models.globalRules(),
      this.keys.list(),
    ]);
    const snapshot = buildSnapshot(
      { version, providers, models, globalRules, keys },
      (stored) => this.cipher.decrypt(stored),
      (warning) => this.logger.warn(warning),
    );
    this.snapshot = snapshot;
    this.changes.next(snapshot);
    this.logger.debug(
      `configuration v${version}: ${providers.length} providers, ${models.length} models, ${keys.length} keys`,
    );
    return snapshot;
  }

  /** Follow changes made by other instances sharing the database. */
  async listen(): Promise<void> {
    if (this.listener || this.closing) return;
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', (msg) => {
      if (msg.channel !== CONFIG_CHANNEL) return;
      if (Number(msg.payload) <= this.snapshot.version) return;
      this.reload().catch((err) => this.logger.error(`reload failed: ${String(err)}`));
    });
    client.on('error', (err) => {
      this.logger.warn(`configuration listener lost its connection: ${err.message}`);
      this.listener = null;
      client.end().catch(() => undefined);
      this.scheduleListen();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CONFIG_CHANNEL}`);
      this.listener = client;
      // Catch up on anything missed while the listener was down.
      if ((await this.state.version()) !== this.snapshot.version) await this.reload();
    } catch (err) {
      this.logger.warn(`configuration listener cannot connect: ${String(err)}`);
      client.end().catch(() => undefined);
      this.scheduleListen();
    }
  }

  private scheduleListen(): void {
    if (this.closing) return;
    setTimeout(() => void this.listen(), 2000).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.changes.complete();
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }
}
