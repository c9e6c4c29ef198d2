import { applyDecorators, Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { createZodDto } from '../common/zod-dto';
import { ApiKeyGuard } from '../auth/guards';
import { Principal } from '../auth/principal.decorator';
import { NotFoundError, PermissionDeniedError } from '../common/errors/gateway-error';
import type { KeyPrincipal } from '../providers/snapshot.types';
import type { UsageFilters } from './query-params';
import {
  DEFAULT_LIMIT,
  encodeCursor,
  MAX_LIMIT,
  parseUsageQuery,
  tooManyGroups,
  UsageResponse,
  usageResponseSchema,
} from './usage-query';
import { UsageQueryRepository } from './usage-query.repository';
import { parseRowId, UsageRecordView, usageRecordSchema } from './usage-record';
import {
  MAX_BUCKETS,
  parseTimeseriesQuery,
  TimeseriesResponse,
  timeseriesResponseSchema,
} from './usage-timeseries';
import { UsageTimeseriesRepository } from './usage-timeseries.repository';

class UsageResponseDto extends createZodDto(usageResponseSchema) {}
class UsageTimeseriesDto extends createZodDto(timeseriesResponseSchema) {}
class UsageRecordDto extends createZodDto(usageRecordSchema) {}

interface QueryParam {
  name: string;
  description: string;
  example?: string;
  enum?: string[];
}

const FILTER_PARAMS: QueryParam[] = [
  { name: 'from', description: 'ISO 8601 timestamp, inclusive (default: `to` − 24 h)' },
  { name: 'to', description: 'ISO 8601 timestamp, exclusive (default: now)' },
  { name: 'model', description: 'Logical model name' },
  { name: 'provider', description: 'Provider id (of the target that answered)' },
  { name: 'key', description: 'Key name (a user key may only name itself)' },
  {
    name: 'status',
    description: 'An HTTP status (`200`), a class (`2xx`, `4xx`, `5xx`) or `error` (≥ 400)',
  },
  {
    name: 'stream',
    description: 'Only streamed (`true`) or only non-streamed (`false`) requests',
    enum: ['true', 'false'],
  },
];

const LIST_PARAMS: QueryParam[] = [
  ...FILTER_PARAMS,
  { name: 'request_id', description: 'Only the row of this request id (`x-request-id`)' },
  {
    name: 'after_id',
    description: 'Only rows with a greater `id` (newer): the live tail passes the newest id it has',
  },
  { name: 'limit', description: `Rows per page, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT})` },
  { name: 'cursor', description: 'The `next_cursor` of the previous page (same filters)' },
  {
    name: 'group_by',
    description: 'Aggregate by `day`, `hour` (UTC), `model`, `provider`, `key`; comma-separated',
    example: 'day,model',
  },
];

const TIMESERIES_PARAMS: QueryParam[] = [
  ...FILTER_PARAMS,
  {
    name: 'bucket',
    description:
      `UTC-aligned bucket size (default from the range: ≤ 3 h \`minute\`, ≤ 3 d \`hour\`, ` +
      `else \`day\`); at most ${MAX_BUCKETS} buckets`,
    enum: ['minute', 'hour', 'day'],
  },
  {
    name: 'group_by',
    description: 'One series per `model`, `provider` or `key` (name); absent: one series',
    enum: ['model', 'provider', 'key'],
  },
];

function ApiQueryParams(params: QueryParam[]) {
  return applyDecorators(...params.map((p) => ApiQuery({ ...p, required: false })));
}

/**
 * Usage and cost: the requests the gateway served, newest first, with totals and optional
 * aggregates; time series for charts; one request in full. An admin key sees every key's rows;
 * any other key only its own.
 */
@ApiTags('usage')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('usage')
export class UsageController {
  constructor(
    private readonly repository: UsageQueryRepository,
    private readonly timeseriesRepository: UsageTimeseriesRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Usage rows (keyset-paginated), totals and aggregates over a time range',
  })
  @ApiQueryParams(LIST_PARAMS)
  @ApiOkResponse({ type: UsageResponseDto })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid (the message names it)' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid key' })
  @ApiForbiddenResponse({ description: 'A user key filtered by another key' })
  async list(
    @Principal() principal: KeyPrincipal,
    @Query() raw: Record<string, unknown>,
  ): Promise<UsageResponse> {
    const query = scoped(principal, parseUsageQuery(raw, new Date()));
    const page = await this.repository.page(query);
    if (page.groups === null) throw tooManyGroups();
    return {
      data: page.rows,
      next_cursor: page.next ? encodeCursor(page.next) : null,
      totals: page.totals,
      ...(query.groupBy.length > 0 ? { groups: page.groups } : {}),
    };
  }

  @Get('timeseries')
  @ApiOperation({
    summary: 'Requests, errors, tokens, cost and latency percentiles per UTC time bucket',
    description:
      'Totals equal those of `GET /usage` for the same range and filters. Only buckets with ' +
      'rows are listed.',
  })
  @ApiQueryParams(TIMESERIES_PARAMS)
  @ApiOkResponse({ type: UsageTimeseriesDto })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid (the message names it)' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid key' })
  @ApiForbiddenResponse({ description: 'A user key filtered by another key' })
  async timeseries(
    @Principal() principal: KeyPrincipal,
    @Query() raw: Record<string, unknown>,
  ): Promise<TimeseriesResponse> {
    const query = scoped(principal, parseTimeseriesQuery(raw, new Date()));
    const { totals, series } = await this.timeseriesRepository.timeseries(query);
    return {
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      bucket: query.bucket,
      group_by: query.groupBy,
      totals,
      series,
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One usage row with every stored field, its attempts included' })
  @ApiParam({ name: 'id', description: 'The row `id` (from `GET /usage`)' })
  @ApiOkResponse({ type: UsageRecordDto })
  @ApiBadRequestResponse({ description: 'The id is not a row id' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid key' })
  @ApiNotFoundResponse({ description: 'No such row (or, for a user key, not its own)' })
  async one(
    @Principal() principal: KeyPrincipal,
    @Param('id') rawId: string,
  ): Promise<UsageRecordView> {
    const id = parseRowId(rawId);
    const keyId = principal.role === 'admin' ? undefined : principal.id;
    const record = await this.repository.one(id, keyId);
    if (!record) throw new NotFoundError(`No usage row with id ${id}.`, 'usage_not_found');
    return record;
  }
}

/** A user key sees only its own rows; naming another key is a 403. */
function scoped<Q extends UsageFilters>(principal: KeyPrincipal, query: Q): Q {
  if (principal.role === 'admin') return query;
  if (query.key !== undefined && query.key !== principal.name) {
    throw new PermissionDeniedError(
      'A non-admin key can only read its own usage.',
      'usage_key_forbidden',
    );
  }
  return { ...query, keyId: principal.id };
}
