import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * Health endpoints answer in Terminus' own shape, also when unhealthy: a 503 whose body says
 * which check failed (`error: { database: { status: 'down' } }`), which is what probes and
 * operators read — not the client API error format.
 */
@Catch(HttpException)
export class HealthExceptionFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = exception.getResponse();
    void reply
      .status(exception.getStatus())
      .send(typeof body === 'string' ? { status: 'error', message: body } : body);
  }
}
