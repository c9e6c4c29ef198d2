import type { LoggerService } from '@nestjs/common';
import type { Logger as Pino } from 'pino';

/** Nest's logger interface over the same pino instance Fastify uses: one JSON log stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', args: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const parts = [...args];
    // Nest passes the context (class name) as the last string argument.
    const context =
      parts.length > 1 && typeof parts[parts.length - 1] === 'string' ? parts.pop() : undefined;
    const [message, ...rest] = parts;
    const stack = level === 'error' && typeof rest[0] === 'string' ? rest.shift() : undefined;
    this.pino[level](
      { ...(context ? { context } : {}), ...(stack ? { stack } : {}) },
      message instanceof Error ? message.message : String(message),
    );
  }

  log(...args: unknown[]): void {
    this.write('info', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  verbose(...args: unknown[]): void {
    this.write('trace', args);
  }
  fatal(...args: unknown[]): void {
    this.write('error', args);
  }
}
