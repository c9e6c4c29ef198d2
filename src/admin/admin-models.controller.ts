import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ConfigAdminService } from '../providers/config-admin.service';
import type { ModelView } from '../providers/config.views';
import { AdminOnly } from './admin.decorators';
import { ModelDto } from './dto/config.dto';
import { ModelViewDto } from './dto/views.dto';

@ApiTags('admin: models')
@AdminOnly()
@Controller('admin/models')
export class AdminModelsController {
  constructor(private readonly config: ConfigAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List logical models with their targets and rules' })
  @ApiOkResponse({ type: [ModelViewDto.Output] })
  list(): Promise<ModelView[]> {
    return this.config.listModels();
  }

  @Get(':name')
  @ApiOkResponse({ type: ModelViewDto.Output })
  @ApiNotFoundResponse()
  get(@Param('name') name: string): Promise<ModelView> {
    return this.config.getModel(name);
  }

  @Post()
  @ApiOperation({ summary: 'Create a logical model with its targets' })
  @ApiCreatedResponse({ type: ModelViewDto.Output })
  @ApiConflictResponse({ description: 'A model with this name exists' })
  create(@Body() body: ModelDto): Promise<ModelView> {
    return this.config.createModel(body);
  }

  @Put(':name')
  @ApiOperation({ summary: 'Create or replace a model (its targets and rules are replaced)' })
  @ApiOkResponse({ type: ModelViewDto.Output })
  put(@Param('name') name: string, @Body() body: ModelDto): Promise<ModelView> {
    return this.config.putModel(name, body);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async remove(@Param('name') name: string): Promise<void> {
    await this.config.deleteModel(name);
  }
}
