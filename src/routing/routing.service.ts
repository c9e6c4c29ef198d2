import { Injectable } from '@nestjs/common';
import type { ModelRuntime, TargetRuntime } from '../providers/snapshot.types';
import { orderByPriority } from './target-order';

/**
 * Decides which targets may serve a request and in what order. For now: enabled targets in
 * priority order (rules, strategies, health and quotas build on this). Stream support is not a
 * filter: dispatch serves a streaming client from a non-streaming target and the reverse.
 */
@Injectable()
export class RoutingService {
  candidates(model: ModelRuntime): TargetRuntime[] {
    return orderByPriority(model.targets);
  }
}
