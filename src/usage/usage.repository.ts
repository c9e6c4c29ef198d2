import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { UsageEntry } from './usage.types';

@Injectable()
export class UsageRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One multi-row INSERT per batch. */
  async insertMany(entries: UsageEntry[]): Promise<number> {
    const { count } = await this.prisma.usageRecord.createMany({
      data: entries.map((e) => ({
        createdAt: e.createdAt,
        requestId: e.requestId,
        keyId: e.keyId,
        keyName: e.keyName,
        model: e.model,
        provider: e.provider,
        upstreamModel: e.upstreamModel,
        endpoint: e.endpoint,
        stream: e.stream,
        status: e.status,
        errorCode: e.errorCode,
        promptTokens: e.promptTokens,
        completionTokens: e.completionTokens,
        cachedTokens: e.cachedTokens,
        latencyMs: e.latencyMs,
        ttftMs: e.ttftMs,
        attempts: e.attempts.length,
        attemptLog: e.attempts.length > 0 ? (e.attempts as object[]) : undefined,
        streamCut: e.streamCut,
      })),
    });
    return count;
  }
}
