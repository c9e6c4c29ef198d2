import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '../common/errors/gateway-error';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { ProviderFormat, Strategy, TargetRuntime } from '../providers/snapshot.types';
import { TargetHealthService } from '../routing/health/target-health.service';
import type { TargetHealthView } from '../routing/routing.types';
import { AdminOnly } from './admin.decorators';

/** One target's health: `model` is the logical model, `upstream_model` what the provider serves. */
export type TargetStatus = Omit<TargetHealthView, 'model'> & {
  model: string;
  upstream_model: string;
  priority: number;
  weight: number;
  enabled: boolean;
};

export interface ProviderStatus {
  id: string;
  format: ProviderFormat;
  enabled: boolean;
  health_check: TargetHealthView['health_check'];
  targets: TargetStatus[];
}

export interface ModelStatus {
  model: string;
  strategy: Strategy;
  sticky: boolean;
  targets: TargetStatus[];
}

/**
 * Live health as this instance sees it (circuit breakers, rate-limit cool-downs, latency and
 * error rates, active health checks). Each instance keeps its own: behind a load balancer these
 * answers differ per instance.
 */
@ApiTags('admin: status')
@AdminOnly()
@Controller('admin')
export class AdminStatusController {
  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly health: TargetHealthService,
  ) {}

  @Get('providers/status')
  @ApiOperation({ summary: "Every provider's health check and its targets' health" })
  @ApiOkResponse({ description: 'Per provider: health check result and per-target health' })
  providers(): ProviderStatus[] {
    const { providers, models } = this.snapshot.current;
    const now = Date.now();
    const byProvider = new Map<string, TargetStatus[]>();
    for (const model of models.values()) {
      for (const target of model.targets) {
        const list = byProvider.get(target.provider.id) ?? [];
        list.push(this.targetStatus(model.name, target, now));
        byProvider.set(target.provider.id, list);
      }
    }
    return [...providers.values()].map((p) => ({
      id: p.id,
      format: p.format,
      enabled: p.enabled,
      health_check: this.health.providerCheck(p.id),
      targets: byProvider.get(p.id) ?? [],
    }));
  }

  @Get('models/:name/status')
  @ApiOperation({ summary: "A logical model's targets and their health" })
  @ApiNotFoundResponse({ description: 'No model with this name' })
  model(@Param('name') name: string): ModelStatus {
    const model = this.snapshot.current.models.get(name);
    if (!model) throw new NotFoundError(`Model '${name}' not found.`, 'model_not_found');
    const now = Date.now();
    return {
      model: model.name,
      strategy: model.strategy,
      sticky: model.sticky,
      targets: model.targets.map((t) => this.targetStatus(model.name, t, now)),
    };
  }

  private targetStatus(model: string, target: TargetRuntime, now: number): TargetStatus {
    const { model: upstream_model, ...view } = this.health.view(target, now);
    return {
      model,
      upstream_model,
      ...view,
      priority: target.priority,
      weight: target.weight,
      enabled: target.enabled,
    };
  }
}
