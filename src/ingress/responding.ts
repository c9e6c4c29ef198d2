import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeError } from '../common/errors/describe-error';
import { BufferedResult, ProxyResult, RouteInfo, routingHeaders } from '../dispatch/dispatch.types';
import { ClientAbortedError } from '../dispatch/client-aborted.error';
import type { RequestAccount } from '../usage/request-accounting.service';

/** The request's path (without its query, which may carry a `?key=`) and headers, for rules. */
export function routeInfo(request: FastifyRequest): RouteInfo {
  const query = request.url.indexOf('?');
  return {
    path: query === -1 ? request.url : request.url.slice(0, query),
    headers: request.headers,
  };
}

/** Headers of every proxied answer: the request id and where the request went. */
export function answerHeaders(
  request: FastifyRequest,
  account: RequestAccount,
  result: ProxyResult,
): Record<string, string> {
  return {
    'x-request-id': request.id,
    ...routingHeaders(
      result.target,
      account.usage.servedModel ?? result.target.upstreamModel,
      account.usage.attempts.length,
    ),
    ...result.headers,
  };
}

/** Send a whole answer (or an upstream error) and settle the request's accounting. */
export function sendBuffered(
  request: FastifyRequest,
  reply: FastifyReply,
  account: RequestAccount,
  result: BufferedResult,
): void {
  void reply
    .status(result.status)
    .headers(answerHeaders(request, account, result))
    .type(result.contentType)
    .send(result.body);
  account.settle(result.status, result.status >= 400 ? `upstream_${result.status}` : null);
}

/**
 * A request that failed before answering: settle its accounting, then let the exception
 * filter answer — unless the client is gone, when there is no one to answer.
 */
export function settleFailure(account: RequestAccount, err: unknown): void {
  const described = describeError(err, 0);
  account.settle(described.status, described.code);
  if (!(err instanceof ClientAbortedError)) throw err;
}
