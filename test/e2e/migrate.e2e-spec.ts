import { applyRoutines } from '../../src/database/migrate';
import { createTestDatabase, TestDatabase } from '../support/database';

/** Several instances starting at once against one database. */
describe('database routines', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('are applied by six instances at once without one failing, and work after', async () => {
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => applyRoutines(db.url)),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    }
    const [slice] = await db.query<{ granted_requests: string }>(
      `SELECT granted_requests FROM switchboard_take_slice('target:m', now(), 1, 0, 0, 0, 10, NULL)`,
    );
    expect(slice.granted_requests).toBe('1');
  });
});
