import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ApiKeyView } from '../providers/admin-views.schema';
import { KeysAdminService } from '../providers/keys-admin.service';
import { QuotaStatsService } from '../quota/quota-stats.service';
import { AdminOnly } from './admin.decorators';
import { ApiKeyDto, ApiKeyPatchDto } from './dto/config.dto';
import { CreatedKeyDto, KeyView, KeyViewDto } from './dto/views.dto';
import { withUsage } from './key-usage';

@ApiTags('admin: keys')
@AdminOnly()
@Controller('admin/keys')
export class AdminKeysController {
  constructor(
    private readonly config: KeysAdminService,
    private readonly stats: QuotaStatsService,
  ) {}

  private async withUsage<V extends ApiKeyView>(views: V[]): Promise<(V & KeyView)[]> {
    return withUsage(views, (keys) => this.stats.keyUse(keys));
  }

  private async one<V extends ApiKeyView>(view: V): Promise<V & KeyView> {
    return (await this.withUsage([view]))[0];
  }

  @Get()
  @ApiOperation({
    summary: 'List gateway keys (only their prefixes; keys are stored hashed) with their use',
  })
  @ApiOkResponse({ type: [KeyViewDto.Output] })
  async list(): Promise<KeyView[]> {
    return this.withUsage(await this.config.listKeys());
  }

  @Get(':name')
  @ApiOkResponse({ type: KeyViewDto.Output })
  @ApiNotFoundResponse()
  async get(@Param('name') name: string): Promise<KeyView> {
    return this.one(await this.config.getKey(name));
  }

  @Post()
  @ApiOperation({
    summary: 'Create a gateway key; the response holds the plaintext `key`, shown only this once',
  })
  @ApiCreatedResponse({ type: CreatedKeyDto.Output })
  @ApiConflictResponse({ description: 'A key with this name (or value) exists' })
  async create(@Body() body: ApiKeyDto): Promise<KeyView & { key: string }> {
    return this.one(await this.config.createKey(body));
  }

  @Put(':name')
  @ApiOperation({
    summary:
      'Replace a key’s settings (omitted fields take their defaults); a `key` replaces its secret',
  })
  @ApiOkResponse({ type: KeyViewDto.Output })
  @ApiNotFoundResponse()
  async put(@Param('name') name: string, @Body() body: ApiKeyDto): Promise<KeyView> {
    return this.one(await this.config.putKey(name, body));
  }

  @Patch(':name')
  @ApiOperation({
    summary: 'Change some of a key’s fields (e.g. `{ "enabled": false }`); the rest stay',
  })
  @ApiOkResponse({ type: KeyViewDto.Output })
  @ApiNotFoundResponse()
  async patch(@Param('name') name: string, @Body() body: ApiKeyPatchDto): Promise<KeyView> {
    return this.one(await this.config.patchKey(name, body));
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async remove(@Param('name') name: string): Promise<void> {
    await this.config.deleteKey(name);
  }
}
