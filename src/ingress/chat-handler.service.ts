import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeError } from '../common/errors/describe-error';
import { ProxyService } from '../dispatch/proxy.service';
import type { ClientCall } from '../dispatch/dispatch.types';
import { FlowGate } from '../dispatch/flow-gate';
import { StreamFraming, writeStream } from '../dispatch/sse-writer';
import { ConfigSnapshotService } from '../providers/config-snapshot.service';
import type { KeyPrincipal } from '../providers/snapshot.types';
import { RequestAccountingService } from '../usage/request-accounting.service';
import { resolveModel } from './model-access';
import { answerHeaders, routeInfo, sendBuffered, settleFailure } from './responding';

/** What a client API's endpoint contributes: its name, framing, and how to read its body. */
export interface ChatIngress {
  endpoint: string;
  framing: StreamFraming;
  /** Validate the request (throws InvalidRequestError) and describe it for dispatch. */
  build(request: FastifyRequest): { modelName: string; call: ClientCall };
}

/**
 * One chat request, whatever the client's API: account for it, resolve the model, proxy it,
 * and write the answer — a JSON body or a stream — with the routing headers.
 */
@Injectable()
export class ChatHandler {
  constructor(
    private readonly snapshot: ConfigSnapshotService,
    private readonly proxy: ProxyService,
    private readonly accounting: RequestAccountingService,
  ) {}

  async handle(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: KeyPrincipal,
    ingress: ChatIngress,
  ): Promise<void> {
    const account = this.accounting.begin(request, reply, principal, ingress.endpoint);
    try {
      const { modelName, call } = ingress.build(request);
      account.usage.stream = call.stream;
      account.requestedModel(modelName);
      const model = resolveModel(this.snapshot.current, principal, modelName);
      account.modelResolved(model.name);
      const flow = new FlowGate();
      const result = await this.proxy.proxy({
        route: routeInfo(request),
        principal,
        model,
        requestedModel: modelName,
        call,
        signal: account.signal,
        usage: account.usage,
        flow,
      });
      if (result.kind === 'buffered') return sendBuffered(request, reply, account, result);
      reply.hijack();
      writeStream(reply.raw, result.events$, {
        headers: answerHeaders(request, account, result),
        framing: ingress.framing,
        flow,
        doneData: result.doneData,
        errorEvent: (err) => call.streamError(err),
        onEnd: (end, err) => {
          if (end === 'complete') account.settle(200, null);
          else if (end === 'aborted') account.settle(499, 'client_closed_request');
          else account.settle(200, describeError(err, 0).code ?? 'stream_error');
        },
      });
    } catch (err) {
      settleFailure(account, err);
    }
  }
}
