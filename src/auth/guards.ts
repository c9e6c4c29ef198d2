import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { PermissionDeniedError } from '../common/errors/gateway-error';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { API_KEY_STRATEGY } from './strategies/api-key.strategy';

/** Any valid gateway key. */
@Injectable()
export class ApiKeyGuard extends AuthGuard(API_KEY_STRATEGY) {}

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
