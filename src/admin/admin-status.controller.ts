import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '../common/errors/gateway-error';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { TargetRuntime } from '../providers/snapshot.types';
import { QuotaStatsService, TargetQuotaUse } from '../quota/quota-stats.service';
import { TargetHealthService } from '../routing/health/target-health.service';
import { AdminOnly } from './admin.decorators';
import {
  ModelStatus,
  ModelStatusDto,
  ProviderStatus,
  ProviderStatusDto,
  QuotaUse,
  TargetStatus,
} from './dto/status.dto';

const quotaUse = (use: TargetQuotaUse | null): QuotaUse =>
  use && {
    period_start: use.periodStart.toISOString(),
    requests: use.requests,
    tokens: use.tokens,
    cost_usd: use.costUsd,
  };

/**
 * Live health as this instance sees it (circuit breakers, rate-limit cool-downs, latency and
 * error rates, active health checks). Each instance keeps its own: behind a load balancer these
 * answers differ per instance. Quota use (`quota_use`) is read from Postgres, shared by all.
 */
@ApiTags('admin: status')
@AdminOnly()
@Controller('admin')
export class AdminStatusController {
  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly health: TargetHealthService,
    private readonly stats: QuotaStatsService,
  ) {}

  @Get('providers/status')
  @ApiOperation({ summary: "Every provider's health check and its targets' health and quota use" })
  @ApiOkResponse({
    description: 'Per provider: health check result and per-target health',
    type: [ProviderStatusDto.Output],
  })
  async providers(): Promise<ProviderStatus[]> {
    const { providers, models } = this.snapshot.current;
    const entries = [...models.values()].flatMap((m) =>
      m.targets.map((target) => ({ model: m.name, target })),
    );
    const statuses = await this.targetStatuses(entries);
    const byProvider = new Map<string, TargetStatus[]>();
    entries.forEach(({ target }, i) => {
      const list = byProvider.get(target.provider.id) ?? [];
      list.push(statuses[i]);
      byProvider.set(target.provider.id, list);
    });
    return [...providers.values()].map((p) => ({
      id: p.id,
      format: p.format,
      enabled: p.enabled,
      health_check: this.health.providerCheck(p.id),
      targets: byProvider.get(p.id) ?? [],
    }));
  }

  @Get('models/:name/status')
  @ApiOperation({ summary: "A logical model's targets, their health and quota use" })
  @ApiOkResponse({ type: ModelStatusDto.Output })
  @ApiNotFoundResponse({ description: 'No model with this name' })
  async model(@Param('name') name: string): Promise<ModelStatus> {
    const model = this.snapshot.current.models.get(name);
    if (!model) throw new NotFoundError(`Model '${name}' not found.`, 'model_not_found');
    return {
      model: model.name,
      strategy: model.strategy,
      sticky: model.sticky,
      targets: await this.targetStatuses(model.targets.map((target) => ({ model: name, target }))),
    };
  }

  private async targetStatuses(
    entries: { model: string; target: TargetRuntime }[],
  ): Promise<TargetStatus[]> {
    const now = new Date();
    const use = await this.stats.targetQuotaUse(entries, now);
    return entries.map(({ model, target }, i) => {
      const { model: upstream_model, ...view } = this.health.view(target, now.getTime());
      return {
        model,
        upstream_model,
        ...view,
        priority: target.priority,
        weight: target.weight,
        enabled: target.enabled,
        quota_use: quotaUse(use[i]),
      };
    });
  }
}
