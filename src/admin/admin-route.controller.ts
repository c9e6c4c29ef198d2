import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal } from '../auth/principal.decorator';
import { NotFoundError } from '../common/errors/gateway-error';
import { describeError } from '../common/errors/describe-error';
import { resolveModel } from '../ingress/model-access';
import { routeRequestFor } from '../ingress/route-request';
import { upstreamModelFor } from '../providers/model-lookup';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { KeyPrincipal, TargetRuntime } from '../providers/snapshot.types';
import { TargetHealthService } from '../routing/health/target-health.service';
import { RequestFacts } from '../routing/request-facts';
import { RoutingService } from '../routing/routing.service';
import { targetKey } from '../routing/routing.types';
import { estimateCost } from '../routing/strategies';
import { AdminOnly } from './admin.decorators';
import { ExplainDto, Explanation, ExplanationDto } from './dto/route.dto';

/**
 * `POST /admin/route/explain`: where a request would go and why, without sending it — the
 * rule variables, the rule that matched, every target considered with the reason it was kept
 * or left out, and the order dispatch would try them in. Health is this instance's.
 */
@ApiTags('admin: routing')
@AdminOnly()
@Controller('admin/route')
export class AdminRouteController {
  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly routing: RoutingService,
    private readonly health: TargetHealthService,
  ) {}

  @Post('explain')
  @HttpCode(200)
  @ApiOperation({ summary: 'Explain how a request would be routed (nothing is sent upstream)' })
  @ApiOkResponse({
    description: 'Variables, matched rule, candidates with reasons, final order',
    type: ExplanationDto.Output,
  })
  explain(@Body() input: ExplainDto, @Principal() caller: KeyPrincipal): Explanation {
    const principal = this.principalFor(input.key, caller);
    const headers = Object.fromEntries(
      Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const routeRequest = routeRequestFor(input.path, input.body, headers, principal);
    const model = resolveModel(this.snapshot.current, principal, routeRequest.model);
    const facts = new RequestFacts(routeRequest);
    const plan = this.routing.plan(model, facts, routeRequest.operation);
    const variables = facts.toJSON();
    // Targets show the model name they would be sent (a `*` target: the name asked for).
    const sent = (t: TargetRuntime) => upstreamModelFor(t, routeRequest.model);
    const describe = (t: TargetRuntime) => ({
      provider: t.provider.id,
      model: sent(t),
      target_id: t.id.startsWith('rule:') ? null : t.id,
      priority: t.priority,
      weight: t.weight,
      context_window: t.contextWindow ?? null,
      estimated_cost_usd: t.price
        ? estimateCost(t.price, facts.tokenCount, facts.maxTokens || undefined)
        : null,
      health: this.health.view(t),
    });
    return {
      // The entry that serves the name asked for: that name, or a glob (`claude-*`).
      model: model.name,
      strategy: plan.rule ? 'rule order' : model.strategy,
      sticky: model.sticky,
      variables,
      rule: plan.rule,
      rule_errors: plan.ruleErrors,
      candidates: plan.verdicts.map((v) => ({
        ...describe(v.target),
        kept: v.kept,
        reason: v.reason ?? null,
      })),
      order: plan.candidates.map((t) => ({ provider: t.provider.id, model: sent(t) })),
      session: plan.session,
      sticky_target: plan.stickyTarget,
      outcome: plan.error
        ? { error: describeError(plan.error, 0) }
        : { first: targetKey(plan.candidates[0]) },
    };
  }

  private principalFor(name: string | undefined, caller: KeyPrincipal): KeyPrincipal {
    if (name === undefined) return caller;
    for (const key of this.snapshot.current.keysByHash.values()) {
      if (key.name === name) return key;
    }
    throw new NotFoundError(`No enabled gateway key is named '${name}'.`, 'key_not_found');
  }
}
