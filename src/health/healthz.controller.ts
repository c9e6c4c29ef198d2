import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

/**
 * `GET /healthz` → `ok` (text/plain), for probes written for other gateways. A liveness check
 * like /health/live: it does not ask the database (the gateway keeps serving from its
 * in-memory configuration while Postgres is away, and a probe that restarts it then would
 * make things worse). During shutdown it answers 503, as every request does.
 */
@ApiTags('operations')
@Controller('healthz')
export class HealthzController {
  @Get()
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: '`ok` while the process serves HTTP (liveness, no auth)' })
  check(): string {
    return 'ok';
  }
}
