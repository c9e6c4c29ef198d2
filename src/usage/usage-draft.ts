import type { Price } from '../providers/snapshot.types';
import { costUsd } from './cost';
import type { AttemptRecord, UsageEntry } from './usage.types';

/**
 * The usage of one request, filled in as it goes (attempts, the target that answered, tokens,
 * time to first token) and turned into a row when the request ends, however it ends.
 */
export class UsageDraft {
  readonly createdAt = new Date();
  private readonly started = performance.now();
  provider: string | null = null;
  /** The model name sent to the provider that answered. */
  upstreamModel: string | null = null;
  /**
   * The model name the upstream's answer reported (`gpt-4o` → `gpt-4o-2024-08-06`), when it
   * did; cleared when an attempt starts, so a failed attempt's name never sticks.
   */
  reportedModel: string | null = null;
  /** The serving target's price: the row's cost is computed from it when the request ends. */
  price: Price | undefined = undefined;
  promptTokens = 0;
  completionTokens = 0;
  cachedTokens = 0;
  /** Prompt tokens written to the provider's cache (priced at `cache_write`; not stored). */
  cacheWriteTokens = 0;
  ttftMs: number | null = null;
  streamCut = false;
  readonly attempts: AttemptRecord[] = [];
  private readonly finishers: ((entry: UsageEntry) => void)[] = [];

  constructor(
    readonly requestId: string,
    readonly endpoint: string,
    readonly keyId: string | null,
    readonly keyName: string | null,
    public model: string,
    public stream: boolean,
  ) {}

  elapsedMs(): number {
    return Math.round(performance.now() - this.started);
  }

  /** Take the token counts the upstream reported (later reports replace earlier ones). */
  applyUsage(usage: {
    promptTokens: number;
    completionTokens: number;
    cachedTokens: number;
    cacheCreationTokens?: number;
  }): void {
    this.promptTokens = usage.promptTokens;
    this.completionTokens = usage.completionTokens;
    this.cachedTokens = usage.cachedTokens;
    this.cacheWriteTokens = usage.cacheCreationTokens ?? 0;
  }

  /** The target that answered, and the model name that was sent to it. */
  servedBy(
    target: { provider: { id: string }; price: Price | undefined },
    sentModel: string,
  ): void {
    this.provider = target.provider.id;
    this.upstreamModel = sentModel;
    this.price = target.price;
  }

  /** The upstream's own name for the model that answered (reported, else the name sent). */
  get servedModel(): string | null {
    return this.reportedModel ?? this.upstreamModel;
  }

  /** What the request cost so far, from the serving target's price. */
  costUsd(): number {
    return costUsd(this.price, this);
  }

  /** Run `fn` with the final row when the request ends (e.g. settle quota reservations). */
  onFinish(fn: (entry: UsageEntry) => void): void {
    this.finishers.push(fn);
  }

  markFirstToken(): void {
    this.ttftMs ??= this.elapsedMs();
  }

  finish(status: number, errorCode: string | null): UsageEntry {
    const entry = this.entry(status, errorCode);
    for (const fn of this.finishers) fn(entry);
    return entry;
  }

  private entry(status: number, errorCode: string | null): UsageEntry {
    return {
      createdAt: this.createdAt,
      requestId: this.requestId,
      keyId: this.keyId,
      keyName: this.keyName,
      model: this.model,
      provider: this.provider,
      upstreamModel: this.servedModel,
      endpoint: this.endpoint,
      stream: this.stream,
      status,
      errorCode,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      cachedTokens: this.cachedTokens,
      latencyMs: this.elapsedMs(),
      ttftMs: this.ttftMs,
      attempts: this.attempts,
      streamCut: this.streamCut,
      costUsd: this.costUsd(),
    };
  }
}
