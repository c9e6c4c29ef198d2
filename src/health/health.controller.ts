import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  MemoryHealthIndicator,
  PrismaHealthIndicator,
} from '@nestjs/terminus';
import { PrismaService } from '../database/prisma.service';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import { HealthExceptionFilter } from './health-exception.filter';

/** Heap above this is reported unhealthy (a leak, not load: the gateway holds little). */
const HEAP_LIMIT_BYTES = 1.5 * 1024 * 1024 * 1024;

@ApiTags('operations')
@UseFilters(HealthExceptionFilter)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: PrismaHealthIndicator,
    private readonly memory: MemoryHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    private readonly prisma: PrismaService,
    private readonly snapshot: ConfigSnapshotService,
  ) {}

  private database() {
    return this.db.pingCheck('database', this.prisma, { timeout: 2000 });
  }

  private configuration() {
    const session = this.indicator.check('configuration');
    const { loaded, current } = this.snapshot;
    const details = { version: current.version, models: current.models.size };
    return loaded ? session.up(details) : session.down(details);
  }

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Database reachable and process memory sane; 503 otherwise' })
  check() {
    return this.health.check([
      () => this.database(),
      () => this.memory.checkHeap('memory_heap', HEAP_LIMIT_BYTES),
      () => this.configuration(),
    ]);
  }

  @Get('live')
  @ApiOperation({ summary: 'The process is up and serving HTTP' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Ready for traffic: configuration loaded and database reachable' })
  ready() {
    return this.health.check([() => this.configuration(), () => this.database()]);
  }
}
