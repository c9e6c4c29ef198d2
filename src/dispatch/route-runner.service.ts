import { Injectable } from '@nestjs/common';
import type { KeyPrincipal, ModelRuntime, TargetRuntime } from '../providers/snapshot.types';
import type { RequestFacts } from '../routing/request-facts';
import { RoutingService, skippedTargets } from '../routing/routing.service';
import type { UsageDraft } from '../usage/usage-draft';
import { AdmissionService } from './admission.service';
import { AttemptResult, FailoverService } from './failover.service';

/** A request on its way to the failover loop, whatever its operation. */
export interface RoutedRequest {
  model: ModelRuntime;
  principal: KeyPrincipal;
  facts: RequestFacts;
  operation: 'chat' | 'embeddings';
  signal: AbortSignal;
  usage: UsageDraft;
}

/**
 * The steps every proxied request takes around its upstream attempts: plan the route, admit
 * it against its key's limits, run the failover loop over the candidates (reserving each
 * target's quota), then pin a sticky session, settle the quota hold when the request ends, and
 * attach the key's x-ratelimit-* headers to the answer.
 */
@Injectable()
export class RouteRunner {
  constructor(
    private readonly routing: RoutingService,
    private readonly failover: FailoverService,
    private readonly admission: AdmissionService,
  ) {}

  async run<T extends { headers?: Record<string, string> }>(
    req: RoutedRequest,
    attempt: (target: TargetRuntime) => Promise<AttemptResult<T>>,
  ): Promise<{ result: T; target: TargetRuntime }> {
    const plan = this.routing.plan(req.model, req.facts, req.operation);
    if (plan.error) throw plan.error;
    const limitHeaders = await this.admission.admitKey(
      req.principal,
      req.model,
      req.facts,
      req.usage,
    );
    const { result, target, hold } = await this.failover.run(
      req.model.name,
      plan.candidates,
      req.signal,
      attempt,
      { skipped: skippedTargets(plan), reserve: this.admission.reserver(req.model, req.facts) },
    );
    this.routing.served(plan, target);
    if (hold) {
      req.usage.onFinish((e) => hold.settle(e.promptTokens + e.completionTokens, e.costUsd));
    }
    result.headers = { ...result.headers, ...limitHeaders };
    return { result, target };
  }
}
