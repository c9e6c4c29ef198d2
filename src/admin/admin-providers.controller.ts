import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfigAdminService } from '../providers/config-admin.service';
import type { ProviderView } from '../providers/config.views';
import { AdminOnly } from './admin.decorators';
import { ProviderDto } from './dto/config.dto';

@ApiTags('admin: providers')
@AdminOnly()
@Controller('admin/providers')
export class AdminProvidersController {
  constructor(private readonly config: ConfigAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List providers (API keys masked)' })
  list(): Promise<ProviderView[]> {
    return this.config.listProviders();
  }

  @Get(':id')
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<ProviderView> {
    return this.config.getProvider(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a provider; api_key is stored encrypted' })
  @ApiConflictResponse({ description: 'A provider with this id exists' })
  create(@Body() body: ProviderDto): Promise<ProviderView> {
    return this.config.createProvider(body);
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Create or replace a provider; omit api_key to keep the stored one, "" clears it',
  })
  put(@Param('id') id: string, @Body() body: ProviderDto): Promise<ProviderView> {
    return this.config.putProvider(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiConflictResponse({ description: 'The provider is a target of some model' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.config.deleteProvider(id);
  }
}
