import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { ENV } from '../../config/config.tokens';
import type { Env } from '../../config/env';
import { clientApiOf } from '../client-api';
import { describeError } from '../errors/describe-error';
import { GatewayError } from '../errors/gateway-error';
import { discardRest, LINGER_BOUNDS } from '../lingering-close';
import { errorBodyFor } from '../../conversion/error-body';

/**
 * Writes every error in the error format of the API the request was addressed to (OpenAI,
 * Anthropic or Gemini), with the request id. Unexpected errors are logged, never leaked.
 */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(ENV) private readonly env: Env) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), exception, {
      bodyLimit: this.env.BODY_LIMIT_BYTES,
      logger: this.logger,
    });
  }
}

/** Shared by the Nest filter and Fastify's own error handler (errors before routing). */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  exception: unknown,
  options: { bodyLimit: number; logger: Pick<Logger, 'error'> },
): void {
  const described = describeError(exception, options.bodyLimit);
  if (described.status >= 500 && !(exception instanceof GatewayError)) {
    options.logger.error(
      `request ${request.id} ${request.method} ${request.url} failed: ${
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)
      }`,
    );
  }
  const body = errorBodyFor(clientApiOf(request.url), described);
  if (reply.sent || reply.raw.headersSent) {
    // A streamed response already started: the stream writer reports errors itself.
    if (!reply.raw.writableEnded) reply.raw.end();
    return;
  }
  if (exception instanceof GatewayError) {
    for (const [name, value] of Object.entries(exception.headers)) reply.header(name, value);
  }
  void reply
    .status(described.status)
    .header('x-request-id', request.id)
    .header('content-type', 'application/json; charset=utf-8');
  if (request.raw.complete) {
    void reply.send(body);
    return;
  }
  sendLingering(request, reply, JSON.stringify(body));
}

/**
 * An answer given before the body was read (over the limit, wrong media type): sent at once,
 * but the connection is closed only once the client has finished sending (within bounds; see
 * lingering-close.ts), so that it reads the answer instead of a reset connection.
 */
function sendLingering(request: FastifyRequest, reply: FastifyReply, json: string): void {
  const payload = new PassThrough();
  payload.write(json);
  discardRest(request.raw, LINGER_BOUNDS, (drained) => {
    payload.end();
    if (!drained) request.raw.socket?.destroy();
  });
  void reply
    .header('connection', 'close')
    .header('content-length', String(Buffer.byteLength(json)))
    .send(payload);
}
