import { applyDecorators, Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import { PermissionDeniedError } from '../common/errors/gateway-error';
import type { KeyPrincipal } from '../providers/snapshot.types';
import {
  DEFAULT_LIMIT,
  encodeCursor,
  MAX_LIMIT,
  parseUsageQuery,
  ScopedUsageQuery,
  tooManyGroups,
  UsageResponse,
  usageResponseSchema,
} from './usage-query';
import { UsageQueryRepository } from './usage-query.repository';

class UsageResponseDto extends createZodDto(usageResponseSchema) {}

const QUERY_PARAMS: { name: string; description: string; example?: string }[] = [
  { name: 'from', description: 'ISO 8601 timestamp, inclusive (default: `to` − 24 h)' },
  { name: 'to', description: 'ISO 8601 timestamp, exclusive (default: now)' },
  { name: 'model', description: 'Logical model name' },
  { name: 'provider', description: 'Provider id (of the target that answered)' },
  { name: 'key', description: 'Key name (a user key may only name itself)' },
  {
    name: 'status',
    description: 'An HTTP status (`200`), a class (`2xx`, `4xx`, `5xx`) or `error` (≥ 400)',
  },
  { name: 'limit', description: `Rows per page, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT})` },
  { name: 'cursor', description: 'The `next_cursor` of the previous page (same filters)' },
  {
    name: 'group_by',
    description: 'Aggregate by `day`, `hour` (UTC), `model`, `provider`, `key`; comma-separated',
    example: 'day,model',
  },
];

function ApiUsageQuery() {
  return applyDecorators(...QUERY_PARAMS.map((p) => ApiQuery({ ...p, required: false })));
}

/**
 * Usage and cost: the requests the gateway served, newest first, with totals and optional
 * aggregates. An admin key sees every key's rows; any other key only its own.
 */
@ApiTags('usage')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('usage')
export class UsageController {
  constructor(private readonly repository: UsageQueryRepository) {}

  @Get()
  @ApiOperation({
    summary: 'Usage rows (keyset-paginated), totals and aggregates over a time range',
  })
  @ApiUsageQuery()
  @ApiOkResponse({ type: UsageResponseDto })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid (the message names it)' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid key' })
  @ApiForbiddenResponse({ description: 'A user key filtered by another key' })
  async list(
    @Principal() principal: KeyPrincipal,
    @Query() raw: Record<string, unknown>,
  ): Promise<UsageResponse> {
    const query: ScopedUsageQuery = parseUsageQuery(raw, new Date());
    if (principal.role !== 'admin') {
      if (query.key !== undefined && query.key !== principal.name) {
        throw new PermissionDeniedError(
          'A non-admin key can only read its own usage.',
          'usage_key_forbidden',
        );
      }
      query.keyId = principal.id;
    }
    const page = await this.repository.page(query);
    if (page.groups === null) throw tooManyGroups();
    return {
      data: page.rows,
      next_cursor: page.next ? encodeCursor(page.next) : null,
      totals: page.totals,
      ...(query.groupBy.length > 0 ? { groups: page.groups } : {}),
    };
  }
}
