import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { RulesAdminService } from '../providers/rules-admin.service';
import type { RuleView } from '../providers/config.views';
import { AdminOnly } from './admin.decorators';
import { ruleCompileError } from '../routing/rules/rule-language';
import {
  CreateRuleDto,
  RuleValidation,
  RuleValidationDto,
  UpdateRuleDto,
  ValidateRuleDto,
} from './dto/rule.dto';
import { RuleViewDto } from './dto/views.dto';

const INVALID_RULE =
  'The `when` expression does not compile (the message says why and where), ' +
  'or a target names an unknown provider';

/**
 * Routing rules one at a time. A model's rules are also replaced with the model
 * (`PUT /admin/models/{name}`), and the global list by a configuration import.
 */
@ApiTags('admin: rules')
@AdminOnly()
@Controller('admin/rules')
export class AdminRulesController {
  constructor(private readonly config: RulesAdminService) {}

  @Get()
  @ApiOperation({
    summary: 'List rules in evaluation order: global rules first, then each model’s by position',
  })
  @ApiQuery({
    name: 'model',
    required: false,
    description: 'Only this model’s rules; empty (`?model=`) for the global rules only',
  })
  @ApiOkResponse({ type: [RuleViewDto.Output] })
  list(@Query('model') model?: string): Promise<RuleView[]> {
    return this.config.listRules(model === undefined ? undefined : model || null);
  }

  @Post()
  @ApiOperation({ summary: 'Append a rule to a model’s rules, or to the global rules' })
  @ApiCreatedResponse({ type: RuleViewDto.Output })
  @ApiBadRequestResponse({ description: INVALID_RULE })
  @ApiNotFoundResponse({ description: 'The model does not exist' })
  create(@Body() body: CreateRuleDto): Promise<RuleView> {
    return this.config.createRule(body);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check that a `when` expression compiles (nothing is stored)',
    description:
      'Always 200: `{ valid: true }`, or `{ valid: false, message }` with the message a rule ' +
      'create would answer 400 with.',
  })
  @ApiOkResponse({ type: RuleValidationDto.Output })
  validate(@Body() body: ValidateRuleDto): RuleValidation {
    const message = ruleCompileError(body.when);
    return message === null ? { valid: true } : { valid: false, message };
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a rule’s `when` and `targets` (it keeps its place)' })
  @ApiOkResponse({ type: RuleViewDto.Output })
  @ApiBadRequestResponse({ description: INVALID_RULE })
  @ApiNotFoundResponse()
  put(@Param('id') id: string, @Body() body: UpdateRuleDto): Promise<RuleView> {
    return this.config.putRule(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async remove(@Param('id') id: string): Promise<void> {
    await this.config.deleteRule(id);
  }
}
