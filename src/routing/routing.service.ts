import { Inject, Injectable } from '@nestjs/common';
import {
  AllTargetsFailedError,
  GatewayError,
  InvalidRequestError,
} from '../common/errors/gateway-error';
import { ENV } from '../config/config.tokens';
import type { Env } from '../config/env';
import { canEmbed } from '../conversion/embeddings-exchange';
import { familyOf } from '../conversion/endpoints';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type {
  ConfigSnapshot,
  ModelRuntime,
  RuleRuntime,
  TargetRuntime,
} from '../providers/snapshot.types';
import { QuotaService } from '../quota/quota.service';
import { TargetHealthService } from './health/target-health.service';
import { RequestFacts } from './request-facts';
import { ruleTargets } from './rule-targets';
import { firstMatch } from './rules/rule-language';
import { targetKey } from './routing.types';
import { sharedTokenCounter } from './token-counter';
import { applySticky, StickySessions } from './sticky-sessions';
import { orderTargets, RoundRobinCursors } from './strategies';

/** The rule that chose a request's targets. */
export interface MatchedRule {
  scope: 'model' | 'global';
  index: number;
  id: string;
  when: string;
}

/** One target considered for a request, and whether it stayed a candidate. */
export interface TargetVerdict {
  target: TargetRuntime;
  kept: boolean;
  reason?: string;
}

/** Where a request goes: candidates in the order dispatch tries them, and why. */
export interface RoutePlan {
  model: ModelRuntime;
  candidates: TargetRuntime[];
  rule: MatchedRule | null;
  ruleErrors: { scope: 'model' | 'global'; index: number; when: string; message: string }[];
  verdicts: TargetVerdict[];
  /** The sticky session this request belongs to, when the model is sticky. */
  session: string | null;
  /** The target the session was pinned to (still a candidate), if any. */
  stickyTarget: string | null;
  /** Set when no candidate is left: what the client gets (dispatch throws it). */
  error: GatewayError | null;
}

/** Whether routing this configuration counts tokens (a rule on TokenCount, context windows, cost). */
export function needsTokenCounts(snapshot: ConfigSnapshot): boolean {
  if (snapshot.globalRules.some((r) => r.compiled.usesTokenCount)) return true;
  for (const model of snapshot.models.values()) {
    if (model.strategy === 'cost') return true;
    if (model.rules.some((r) => r.compiled.usesTokenCount)) return true;
    if (model.targets.some((t) => t.contextWindow !== undefined)) return true;
  }
  return false;
}

const DISABLED = new Set(['target disabled', 'provider disabled']);

/** Targets routing left out, with why: they belong in the error when every attempt fails. */
export function skippedTargets(plan: RoutePlan): string[] {
  return plan.verdicts.filter((v) => !v.kept).map((v) => `${targetKey(v.target)}: ${v.reason}`);
}

/**
 * Decides which targets may serve a request and in what order: rules (model rules first, then
 * global ones; first match wins) pick the targets, filters drop those that cannot serve it now
 * (disabled, circuit open or rate limited, context window too small, missing capability), the
 * model's strategy orders the rest, and a sticky session puts its pinned target first.
 */
@Injectable()
export class RoutingService {
  private readonly cursors = new RoundRobinCursors();
  private readonly sticky: StickySessions;

  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly health: TargetHealthService,
    private readonly quota: QuotaService,
    @Inject(ENV) env: Env,
  ) {
    this.sticky = new StickySessions(env.STICKY_TTL_MS);
    // Load the tokenizer tables (~0.2 s) in the background as soon as the configuration needs
    // token counts, rather than on the first request that does.
    snapshot.changes$.subscribe((s) => {
      if (needsTokenCounts(s)) setImmediate(() => sharedTokenCounter.count(''));
    });
  }

  plan(model: ModelRuntime, facts: RequestFacts, operation: 'chat' | 'embeddings'): RoutePlan {
    const plan: RoutePlan = {
      model,
      candidates: [],
      rule: null,
      ruleErrors: [],
      verdicts: [],
      session: null,
      stickyTarget: null,
      error: null,
    };
    const chosen = this.applyRules(plan, model, facts);
    const kept = this.filter(plan, chosen ?? model.targets, facts, operation);
    const ordered = chosen
      ? kept
      : orderTargets(model.strategy, kept, {
          random: Math.random,
          stats: (t) => this.health.stats(t),
          cursor: (name) => this.cursors.next(name),
          modelName: model.name,
          promptTokens: () => facts.tokenCount,
          // A getter: reading max_tokens parses the body, which only the cost strategy needs.
          get maxTokens() {
            return facts.maxTokens || undefined;
          },
        });
    plan.candidates = model.sticky ? this.stick(plan, ordered, facts) : ordered;
    if (plan.candidates.length === 0) plan.error = this.nothingLeft(plan);
    return plan;
  }

  /** A request was served: a sticky session keeps this target while it stays healthy. */
  served(plan: RoutePlan, target: TargetRuntime): void {
    if (plan.session !== null) {
      this.sticky.remember(plan.model.name, plan.session, targetKey(target));
    }
  }

  private applyRules(
    plan: RoutePlan,
    model: ModelRuntime,
    facts: RequestFacts,
  ): TargetRuntime[] | null {
    const scopes: ['model' | 'global', readonly RuleRuntime[]][] = [
      ['model', model.rules],
      ['global', this.snapshot.current.globalRules],
    ];
    for (const [scope, rules] of scopes) {
      const { match, errors } = firstMatch(rules, facts);
      for (const e of errors) {
        const index = rules.findIndex((r) => r.id === e.ruleId);
        plan.ruleErrors.push({ scope, index, when: e.when, message: e.message });
      }
      if (!match) continue;
      const { rule, index } = match;
      plan.rule = { scope, index, id: rule.id, when: rule.when };
      return ruleTargets(rule, model, this.snapshot.current.providers);
    }
    return null;
  }

  private filter(
    plan: RoutePlan,
    targets: readonly TargetRuntime[],
    facts: RequestFacts,
    operation: 'chat' | 'embeddings',
  ): TargetRuntime[] {
    const needsContext = targets.some((t) => t.contextWindow !== undefined);
    const needsCapabilities = targets.some((t) => !t.capabilities.tools || !t.capabilities.images);
    const kept: TargetRuntime[] = [];
    for (const target of targets) {
      const reason = this.exclusion(
        plan.model.name,
        target,
        facts,
        operation,
        needsContext,
        needsCapabilities,
      );
      plan.verdicts.push(reason ? { target, kept: false, reason } : { target, kept: true });
      if (!reason) kept.push(target);
    }
    return kept;
  }

  private exclusion(
    modelName: string,
    target: TargetRuntime,
    facts: RequestFacts,
    operation: 'chat' | 'embeddings',
    needsContext: boolean,
    needsCapabilities: boolean,
  ): string | undefined {
    if (!target.enabled) return 'target disabled';
    if (!target.provider.enabled) return 'provider disabled';
    if (operation === 'embeddings' && !canEmbed(familyOf(target.provider.format))) {
      return `a ${target.provider.format} provider cannot serve embeddings`;
    }
    if (needsCapabilities && operation === 'chat') {
      if (facts.hasTools && !target.capabilities.tools) return 'does not support tools';
      if (facts.hasImages && !target.capabilities.images) return 'does not support images';
    }
    if (needsContext && target.contextWindow !== undefined) {
      const needed = facts.tokenCount + facts.maxTokens;
      if (needed > target.contextWindow) {
        return `context window ${target.contextWindow} < ${needed} tokens (prompt ${facts.tokenCount} + max_tokens ${facts.maxTokens})`;
      }
    }
    const availability = this.health.availability(target);
    if (!availability.usable) return availability.reason;
    if (target.quota) {
      const until = this.quota.exhaustedUntil(modelName, target);
      if (until !== undefined) return `quota exhausted until ${new Date(until).toISOString()}`;
    }
    return undefined;
  }

  private stick(plan: RoutePlan, ordered: TargetRuntime[], facts: RequestFacts): TargetRuntime[] {
    const session = facts.headers['x-session-id'] || facts.user || `key:${facts.keyId}`;
    plan.session = session;
    const pinned = this.sticky.get(plan.model.name, session);
    if (pinned === undefined || !ordered.some((t) => targetKey(t) === pinned)) return ordered;
    plan.stickyTarget = pinned;
    return applySticky(ordered, pinned);
  }

  /** How long until a rate-limited or out-of-quota target can take requests again. */
  private waitFor(modelName: string, target: TargetRuntime): number | undefined {
    const cooling = this.health.rateLimitedFor([target]);
    if (cooling !== undefined) return cooling;
    const until = target.quota ? this.quota.exhaustedUntil(modelName, target) : undefined;
    return until === undefined ? undefined : Math.max(0, until - Date.now());
  }

  /** No candidate is left: say why, in the status a client can act on. */
  private nothingLeft(plan: RoutePlan): GatewayError {
    // Nothing was kept: every verdict is a target left out, with its reason.
    const reasons = skippedTargets(plan);
    if (plan.verdicts.length === 0) {
      const why = plan.rule
        ? 'the matched rule names no known provider'
        : 'the model has no target';
      return new AllTargetsFailedError(plan.model.name, [why], 502, {}, 'unavailable');
    }
    const exclusions = plan.verdicts.map((v) => v.reason ?? '');
    if (exclusions.every((r) => r.startsWith('context window'))) {
      return new InvalidRequestError(
        `The request needs more tokens than any target of model '${plan.model.name}' can take: ${reasons.join('; ')}`,
        'messages',
        'context_length_exceeded',
      );
    }
    if (exclusions.some((r) => r.startsWith('does not support'))) {
      return new InvalidRequestError(
        `No target of model '${plan.model.name}' can serve this request: ${reasons.join('; ')}`,
        null,
        'unsupported_request',
      );
    }
    // 429 only when every target that could serve is rate limited or out of quota: waiting helps.
    const live = plan.verdicts.filter((v) => !DISABLED.has(v.reason ?? ''));
    const waits = live.map((v) => this.waitFor(plan.model.name, v.target));
    const retryAfterMs = waits.every((w) => w !== undefined) ? Math.min(...waits) : undefined;
    if (live.length > 0 && retryAfterMs !== undefined) {
      const headers = { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
      return new AllTargetsFailedError(plan.model.name, reasons, 429, headers, 'unavailable');
    }
    return new AllTargetsFailedError(plan.model.name, reasons, 502, {}, 'unavailable');
  }
}
