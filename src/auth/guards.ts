import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { PermissionDeniedError } from '../common/errors/gateway-error';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { ApiKeyStrategy } from './strategies/api-key.strategy';

/**
 * Any valid gateway key. It asks this application's own strategy instance rather than going
 * through passport's process-wide registry (`AuthGuard(name)`): there, a second application in
 * the same process (two gateways in one test run) replaces the first one's strategy, and keys
 * would be checked against the other application's configuration.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly strategy: ApiKeyStrategy) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: KeyPrincipal }>();
    request.user = this.strategy.validate(request);
    return true;
  }
}

/** A valid gateway key with the admin role (use after ApiKeyGuard). */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: KeyPrincipal }>();
    if (request.user?.role !== 'admin') {
      throw new PermissionDeniedError('This endpoint requires an admin key.', 'admin_required');
    }
    return true;
  }
}
