import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { AuthenticationError } from '../../common/errors/gateway-error';
import { ConfigSnapshotService } from '../../providers/config-snapshot.service';
import type { KeyPrincipal } from '../../providers/snapshot.types';
import { extractApiKey } from '../api-key.extract';
import { hashApiKey } from '../key-hash';

export const API_KEY_STRATEGY = 'api-key';

/** Resolves a gateway key to its principal from the in-memory snapshot (no database query). */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, API_KEY_STRATEGY) {
  constructor(private readonly snapshot: ConfigSnapshotService) {
    super();
  }

  validate(request: FastifyRequest): KeyPrincipal {
    const queryKey = request.url.startsWith('/v1beta')
      ? (request.query as Record<string, unknown> | undefined)?.key
      : undefined;
    const key = extractApiKey(request.headers, queryKey);
    if (!key) {
      throw new AuthenticationError(
        'Missing API key: send it as "Authorization: Bearer <key>", "x-api-key" or "x-goog-api-key".',
      );
    }
    const principal = this.snapshot.current.keysByHash.get(hashApiKey(key));
    if (!principal) throw new AuthenticationError('Invalid API key.');
    return principal;
  }
}
