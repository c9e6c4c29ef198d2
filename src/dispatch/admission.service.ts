import { Inject, Injectable } from '@nestjs/common';
import { GatewayError, LimitsUnavailableError } from '../common/errors/gateway-error';
import { ENV } from '../config/config.tokens';
import type { Env } from '../config/env';
import type { KeyPrincipal, ModelRuntime, TargetRuntime } from '../providers/snapshot.types';
import { QuotaService } from '../quota/quota.service';
import type { RequestFacts } from '../routing/request-facts';
import { estimateCost } from '../routing/strategies';
import type { UsageDraft } from '../usage/usage-draft';
import type { QuotaCheck } from './failover.service';

/**
 * Limits on the way in: the key's rpm/tpm and budget when the request starts, the target's
 * quota before each attempt. Reservations use an estimate (prompt tokens + max_tokens, or
 * RESERVE_DEFAULT_MAX_TOKENS; the priciest target's price for budgets) and are settled with
 * the actual usage when the request ends — streams included — through the usage draft.
 */
@Injectable()
export class AdmissionService {
  private readonly defaultMaxTokens: number;

  constructor(
    private readonly quota: QuotaService,
    @Inject(ENV) env: Env,
  ) {
    this.defaultMaxTokens = env.RESERVE_DEFAULT_MAX_TOKENS;
  }

  /**
   * The key's limits (throws KeyLimitError, a 429, when one is reached). Returns the
   * x-ratelimit-* headers for the answer; nothing to do (and no database call) for a key
   * without limits or budget.
   */
  async admitKey(
    principal: KeyPrincipal,
    model: ModelRuntime,
    facts: RequestFacts,
    usage: UsageDraft,
  ): Promise<Record<string, string>> {
    if (!principal.limits && !principal.budget) return {};
    const needsTokens = principal.limits?.tpm !== undefined || principal.budget !== undefined;
    const estimate = needsTokens
      ? { tokens: this.tokens(facts), costUsd: principal.budget ? this.cost(model, facts) : 0 }
      : { tokens: 0, costUsd: 0 };
    const admission = await failClosed(this.quota.admitKey(principal, estimate));
    if (!admission) return {};
    usage.onFinish((entry) =>
      admission.settle({
        tokens: entry.promptTokens + entry.completionTokens,
        costUsd: entry.costUsd,
      }),
    );
    return admission.headers;
  }

  /** The per-attempt quota reservation for the failover loop. */
  reserver(
    model: ModelRuntime,
    facts: RequestFacts,
  ): (target: TargetRuntime) => Promise<QuotaCheck> {
    return async (target) => {
      if (!target.quota) return null;
      const reservation = await failClosed(
        this.quota.reserveTarget(model.name, target, this.tokens(facts)),
      );
      if (reservation === 'exhausted') {
        return { exhaustedUntil: this.quota.exhaustedUntil(model.name, target) ?? Date.now() };
      }
      return reservation;
    };
  }

  /** Tokens a request may use: its prompt plus what it may generate. */
  private tokens(facts: RequestFacts): number {
    return facts.tokenCount + (facts.maxTokens || this.defaultMaxTokens);
  }

  /** The most the request may cost on any of the model's priced targets. */
  private cost(model: ModelRuntime, facts: RequestFacts): number {
    const maxTokens = facts.maxTokens || this.defaultMaxTokens;
    let most = 0;
    for (const t of model.targets) {
      if (t.price) most = Math.max(most, estimateCost(t.price, facts.tokenCount, maxTokens));
    }
    return most;
  }
}

/**
 * A limit that cannot be checked refuses the request (503 with Retry-After) rather than letting
 * it through unmetered; the gateway's own errors (429s) pass as they are.
 */
async function failClosed<T>(check: Promise<T>): Promise<T> {
  try {
    return await check;
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    throw new LimitsUnavailableError();
  }
}
