import { z } from 'zod';
import { InvalidRequestError } from '../common/errors/gateway-error';
import { rowIdParam } from './query-params';
import { usageRowSchema } from './usage-query';

/** The contract of `GET /usage/{id}`: one usage row with everything stored about it. */

const count = z.number().int().nonnegative();

/** One upstream attempt, as the dispatcher logged it (src/dispatch/attempt-log.ts). */
export const usageAttemptSchema = z.object({
  provider: z.string().describe('Provider id of the target tried'),
  model: z.string().describe('The model name sent upstream'),
  status: count.describe('Upstream HTTP status; 0 when no response came (network, timeout)'),
  error: z.string().optional().describe('Why the attempt failed, when it did'),
  latency_ms: count,
});

export const usageRecordSchema = usageRowSchema.extend({
  key_id: z.string().nullable().describe('The key id (UUID); null for requests without a key'),
  attempt_log: z
    .array(usageAttemptSchema)
    .nullable()
    .describe('Every upstream attempt in order; null when none was made'),
});

export type UsageAttempt = z.infer<typeof usageAttemptSchema>;
export type UsageRecordView = z.infer<typeof usageRecordSchema>;

/** The `{id}` of `GET /usage/{id}`; anything but a row id is a 400 naming `id`. */
export function parseRowId(raw: string): string {
  const result = rowIdParam.safeParse(raw);
  if (!result.success) {
    throw new InvalidRequestError(`Invalid 'id': ${result.error.issues[0].message}.`, 'id');
  }
  return result.data;
}
