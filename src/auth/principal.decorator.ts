import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { KeyPrincipal } from '../providers/snapshot.types';

/** The authenticated caller (set by ApiKeyGuard). */
export const Principal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): KeyPrincipal =>
    context.switchToHttp().getRequest<FastifyRequest & { user: KeyPrincipal }>().user,
);
