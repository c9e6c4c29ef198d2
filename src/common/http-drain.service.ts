import { BeforeApplicationShutdown, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

/**
 * Graceful HTTP shutdown. Closing the server waits for every connection to end, and a
 * keep-alive connection whose last request finished after the close began would otherwise
 * stay open until its keep-alive timeout. While shutting down, idle connections are closed as
 * soon as their in-flight request is done (streams included), so draining takes as long as
 * the slowest request, not a minute.
 */
@Injectable()
export class HttpDrainService implements BeforeApplicationShutdown, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  beforeApplicationShutdown(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || typeof server.closeIdleConnections !== 'function') return;
    this.timer = setInterval(() => server.closeIdleConnections(), 50);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
