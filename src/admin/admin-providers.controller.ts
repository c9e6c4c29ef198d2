import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ConfigAdminService } from '../providers/config-admin.service';
import type { ProviderView } from '../providers/config.views';
import { AdminOnly } from './admin.decorators';
import { ProviderTestService } from './provider-test.service';
import { ProviderDto, ProviderPatchDto } from './dto/config.dto';
import {
  ProviderTestDto,
  ProviderTestResult,
  ProviderTestResultDto,
} from './dto/provider-test.dto';
import { ProviderViewDto } from './dto/views.dto';

@ApiTags('admin: providers')
@AdminOnly()
@Controller('admin/providers')
export class AdminProvidersController {
  constructor(
    private readonly config: ConfigAdminService,
    private readonly tester: ProviderTestService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List providers (API keys masked)' })
  @ApiOkResponse({ type: [ProviderViewDto.Output] })
  list(): Promise<ProviderView[]> {
    return this.config.listProviders();
  }

  @Get(':id')
  @ApiOkResponse({ type: ProviderViewDto.Output })
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<ProviderView> {
    return this.config.getProvider(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a provider; api_key is stored encrypted' })
  @ApiCreatedResponse({ type: ProviderViewDto.Output })
  @ApiConflictResponse({ description: 'A provider with this id exists' })
  create(@Body() body: ProviderDto): Promise<ProviderView> {
    return this.config.createProvider(body);
  }

  @Put(':id')
  @ApiOperation({
    summary:
      'Create or replace a provider: omitted fields take their defaults, except api_key — ' +
      'omit it to keep the stored one, "" clears it. PATCH changes single fields',
  })
  @ApiOkResponse({ type: ProviderViewDto.Output })
  put(@Param('id') id: string, @Body() body: ProviderDto): Promise<ProviderView> {
    return this.config.putProvider(id, body);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change some of a provider’s fields (e.g. `{ "enabled": false }`); the rest stay',
  })
  @ApiOkResponse({ type: ProviderViewDto.Output })
  @ApiNotFoundResponse()
  patch(@Param('id') id: string, @Body() body: ProviderPatchDto): Promise<ProviderView> {
    return this.config.patchProvider(id, body);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send one small request to the provider with its stored secret',
    description:
      'No routing, quotas or usage records: a short chat request ("Reply with OK") in the ' +
      'provider’s own format. 200 whether or not the provider answered well: see `ok`, ' +
      '`status` (null when no HTTP answer came: DNS, connection, timeout) and `error`.',
  })
  @ApiOkResponse({ type: ProviderTestResultDto.Output })
  @ApiBadRequestResponse({
    description: 'No `model` given and no target of this provider names one',
  })
  @ApiNotFoundResponse({ description: 'No provider with this id' })
  test(@Param('id') id: string, @Body() body: ProviderTestDto): Promise<ProviderTestResult> {
    return this.tester.test(id, body.model);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'The provider is a target of some model' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.config.deleteProvider(id);
  }
}
