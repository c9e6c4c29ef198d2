import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { KeysAdminService } from '../providers/keys-admin.service';
import type { ApiKeyView } from '../providers/config.views';
import { AdminOnly } from './admin.decorators';
import { ApiKeyDto } from './dto/config.dto';

@ApiTags('admin: keys')
@AdminOnly()
@Controller('admin/keys')
export class AdminKeysController {
  constructor(private readonly config: KeysAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List gateway keys (only their prefixes; keys are stored hashed)' })
  list(): Promise<ApiKeyView[]> {
    return this.config.listKeys();
  }

  @Get(':name')
  @ApiNotFoundResponse()
  get(@Param('name') name: string): Promise<ApiKeyView> {
    return this.config.getKey(name);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a gateway key; the response holds the plaintext `key`, shown only this once',
  })
  @ApiConflictResponse({ description: 'A key with this name (or value) exists' })
  create(@Body() body: ApiKeyDto): Promise<ApiKeyView & { key: string }> {
    return this.config.createKey(body);
  }

  @Put(':name')
  @ApiOperation({ summary: 'Update a key; a `key` in the body replaces its secret' })
  put(@Param('name') name: string, @Body() body: ApiKeyDto): Promise<ApiKeyView> {
    return this.config.putKey(name, body);
  }

  @Delete(':name')
  @HttpCode(204)
  async remove(@Param('name') name: string): Promise<void> {
    await this.config.deleteKey(name);
  }
}
