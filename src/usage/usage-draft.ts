import type { AttemptRecord, UsageEntry } from './usage.types';

/**
 * The usage of one request, filled in as it goes (attempts, the target that answered, tokens,
 * time to first token) and turned into a row when the request ends, however it ends.
 */
export class UsageDraft {
  readonly createdAt = new Date();
  private readonly started = performance.now();
  provider: string | null = null;
  upstreamModel: string | null = null;
  promptTokens = 0;
  completionTokens = 0;
  cachedTokens = 0;
  ttftMs: number | null = null;
  streamCut = false;
  readonly attempts: AttemptRecord[] = [];

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
  }): void {
    this.promptTokens = usage.promptTokens;
    this.completionTokens = usage.completionTokens;
    this.cachedTokens = usage.cachedTokens;
  }

  /** The upstream that answered. */
  servedBy(provider: string, upstreamModel: string): void {
    this.provider = provider;
    this.upstreamModel = upstreamModel;
  }

  markFirstToken(): void {
    this.ttftMs ??= this.elapsedMs();
  }

  finish(status: number, errorCode: string | null): UsageEntry {
    return {
      createdAt: this.createdAt,
      requestId: this.requestId,
      keyId: this.keyId,
      keyName: this.keyName,
      model: this.model,
      provider: this.provider,
      upstreamModel: this.upstreamModel,
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
    };
  }
}
