import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminGuard, ApiKeyGuard } from '../auth/guards';

/** Admin key required; documented in Swagger. */
export function AdminOnly() {
  return applyDecorators(
    UseGuards(ApiKeyGuard, AdminGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or invalid key' }),
    ApiForbiddenResponse({ description: 'Not an admin key' }),
  );
}
