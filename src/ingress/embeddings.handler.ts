import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmbeddingsRequest } from '../conversion/embeddings-exchange';
import { EmbeddingsProxyService } from '../dispatch/embeddings-proxy.service';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { RequestAccountingService } from '../usage/request-accounting.service';
import { resolveModel } from './model-access';
import { routeInfo, sendBuffered, settleFailure } from './responding';

/** One embeddings request, from an OpenAI or a Gemini client: account, route, answer. */
@Injectable()
export class EmbeddingsHandler {
  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly proxy: EmbeddingsProxyService,
    private readonly accounting: RequestAccountingService,
  ) {}

  async handle(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: KeyPrincipal,
    endpoint: string,
    build: () => EmbeddingsRequest,
  ): Promise<void> {
    const account = this.accounting.begin(request, reply, principal, endpoint);
    try {
      const embeddings = build();
      account.usage.stream = false;
      account.requestedModel(embeddings.model);
      const model = resolveModel(this.snapshot.current, principal, embeddings.model);
      account.modelResolved(model.name);
      const result = await this.proxy.proxy({
        route: routeInfo(request),
        principal,
        model,
        request: embeddings,
        signal: account.signal,
        usage: account.usage,
      });
      sendBuffered(request, reply, account, result);
    } catch (err) {
      settleFailure(account, err);
    }
  }
}
