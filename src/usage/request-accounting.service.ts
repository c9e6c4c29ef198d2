import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MetricsService } from '../metrics/metrics.service';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { UsageDraft } from './usage-draft';
import { UsageService } from './usage.service';

/** Longest model name kept in a usage row (a client can send anything as `model`). */
const MAX_MODEL_NAME = 200;

/** Metric label for requests whose model is not configured (keeps label cardinality bounded). */
const UNKNOWN_MODEL = '(unknown)';

/**
 * The bookkeeping of one client request, from the moment it is authenticated: its usage draft,
 * an abort signal that fires when the client goes away, and `settle` — called exactly once,
 * however the request ends — which records the usage row, the metrics and the access log.
 */
export class RequestAccount {
  readonly usage: UsageDraft;
  private readonly abortController = new AbortController();
  /** The model entry's name once known (bounded: a glob entry serves any number of names). */
  private entryName: string | null = null;
  private settled = false;

  constructor(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: KeyPrincipal,
    readonly endpoint: string,
    private readonly onSettle: (
      account: RequestAccount,
      status: number,
      code: string | null,
    ) => void,
  ) {
    const body = request.body as { model?: unknown; stream?: unknown } | null;
    const model = typeof body?.model === 'string' ? body.model.slice(0, MAX_MODEL_NAME) : '';
    this.usage = new UsageDraft(
      request.id,
      endpoint,
      principal.id,
      principal.name,
      model,
      body?.stream === true,
    );
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) this.abortController.abort();
    });
  }

  /** Fires when the client disconnects before the response is complete. */
  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  /** The model the client named (before it is known to exist). */
  requestedModel(name: string): void {
    this.usage.model = name.slice(0, MAX_MODEL_NAME);
  }

  /**
   * The request is served by a configured model entry: metrics carry the entry's name as a
   * label (`claude-*` for every name that glob serves); the usage row keeps the name asked for.
   */
  modelResolved(entryName: string): void {
    this.entryName = entryName;
  }

  get metricModel(): string {
    return this.entryName ?? UNKNOWN_MODEL;
  }

  settle(status: number, errorCode: string | null): void {
    if (this.settled) return;
    this.settled = true;
    this.onSettle(this, status, errorCode);
  }
}

@Injectable()
export class RequestAccountingService {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly usage: UsageService,
    private readonly metrics: MetricsService,
  ) {}

  begin(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: KeyPrincipal,
    endpoint: string,
  ): RequestAccount {
    this.metrics.inFlight.labels(endpoint).inc();
    return new RequestAccount(request, reply, principal, endpoint, (account, status, code) =>
      this.settle(account, status, code),
    );
  }

  private settle(account: RequestAccount, status: number, errorCode: string | null): void {
    const entry = account.usage.finish(status, errorCode);
    this.usage.record(entry);
    const model = account.metricModel;
    this.metrics.inFlight.labels(entry.endpoint).dec();
    this.metrics.requests.labels(model, entry.provider ?? '', entry.endpoint, String(status)).inc();
    this.metrics.requestDuration
      .labels(model, entry.endpoint, String(entry.stream))
      .observe(entry.latencyMs / 1000);
    if (entry.ttftMs !== null) {
      this.metrics.timeToFirstToken.labels(model).observe(entry.ttftMs / 1000);
    }
    this.logger.log(
      `${entry.requestId} ${entry.endpoint} key=${entry.keyName} model=${model} ` +
        `provider=${entry.provider ?? '-'} status=${status}${errorCode ? ` error=${errorCode}` : ''} ` +
        `attempts=${entry.attempts.length} latency_ms=${entry.latencyMs}` +
        `${entry.ttftMs !== null ? ` ttft_ms=${entry.ttftMs}` : ''}` +
        ` tokens=${entry.promptTokens}/${entry.completionTokens}${entry.streamCut ? ' cut' : ''}`,
    );
  }
}
