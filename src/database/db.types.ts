import type { Prisma, PrismaClient } from '../generated/prisma/client';

/** Either the client or an interactive transaction: repositories accept both. */
export type Db = PrismaClient | Prisma.TransactionClient;

export type { Prisma };
