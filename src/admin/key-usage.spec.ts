import { keyUsage } from './key-usage';

describe('keyUsage', () => {
  it('shows the window and budget figures a key has', () => {
    expect(
      keyUsage({
        window: { requests: 4, tokens: 120 },
        budget: { periodStart: new Date('2026-12-01T00:00:00Z'), spentUsd: 0.25 },
      }),
    ).toEqual({
      rpm: 4,
      tpm: 120,
      budget_used_usd: 0.25,
      budget_period_start: '2026-12-01T00:00:00.000Z',
    });
  });

  it('is null where the key has no limit (nothing is counted there)', () => {
    expect(keyUsage({ window: null, budget: null })).toEqual({
      rpm: null,
      tpm: null,
      budget_used_usd: null,
      budget_period_start: null,
    });
    expect(keyUsage(undefined)).toEqual({
      rpm: null,
      tpm: null,
      budget_used_usd: null,
      budget_period_start: null,
    });
  });
});
