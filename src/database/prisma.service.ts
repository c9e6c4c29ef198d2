import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { DATABASE_URL } from './database.tokens';

/**
 * The one Prisma client of the process, on a node-postgres pool through the driver adapter (no
 * native engine). Only repositories use it. The same pool is exposed for the few hot
 * statements where Prisma's query compiler costs more than the query (usage batch inserts).
 * DatabaseModule is global, so Nest runs its shutdown hook after every other module's: usage
 * is flushed before the pool closes.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  readonly pool: Pool;
  /**
   * For quota and rate counters: every request commits an increment to a handful of hot rows,
   * and a commit that waits for its WAL flush holds the row lock meanwhile, so requests queue
   * behind each other's fsync. Asynchronous commit releases the lock at once; a server crash
   * can lose the last fraction of a second of increments (under-counting, never over-counting
   * what was refused), while every statement stays atomic and serialised per row.
   */
  readonly counterPool: Pool;

  constructor(@Inject(DATABASE_URL) url: string) {
    const pool = new Pool({ connectionString: url, max: 10 });
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
    this.counterPool = new Pool({
      connectionString: url,
      max: 10,
      // A limit check waits on the request path: a stuck database fails it fast (503) instead.
      connectionTimeoutMillis: 2000,
      options: '-c synchronous_commit=off -c statement_timeout=5000',
    });
    // An idle client dropped by the server (restart, failover) must not crash the process.
    pool.on('error', () => undefined);
    this.counterPool.on('error', () => undefined);
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
    await this.counterPool.end();
  }
}
