import { Injectable } from '@nestjs/common';
import type { ModelRuntime, TargetRuntime } from '../providers/snapshot.types';
import { orderByPriority } from './target-order';

export interface RouteRequest {
  stream: boolean;
}

/**
 * Decides which targets may serve a request and in what order. For now: the targets able to
 * serve the request's mode (stream or not), in priority order (rules, strategies, health and
 * quotas build on this).
 */
@Injectable()
export class RoutingService {
  candidates(model: ModelRuntime, request: RouteRequest): TargetRuntime[] {
    return orderByPriority(model.targets).filter((t) =>
      request.stream ? t.provider.streamSupport : t.provider.nonStreamSupport,
    );
  }
}
