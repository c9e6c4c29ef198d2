import type { TestDatabase } from '../../support/database';
import { UsageRow, waitForUsageRows } from '../../support/usage';

/** Counts the usage rows so far; `newRows(n)` then waits for `n` more and returns them. */
export async function usageFrom(db: TestDatabase) {
  const before = (await db.query('SELECT id FROM usage_records')).length;
  return {
    async newRows(count: number): Promise<UsageRow[]> {
      return (await waitForUsageRows(db, before + count)).slice(before);
    },
  };
}
