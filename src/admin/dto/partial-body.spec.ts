import { z } from 'zod';
import { apiKeySchema, providerSchema } from '../../config/gateway-config.schema';
import { partialBody } from './partial-body';

describe('partialBody', () => {
  const schema = z
    .object({
      id: z.string(),
      enabled: z.boolean().default(true),
      retries: z.number().int().min(0).default(2),
      note: z.string().optional(),
    })
    .strict();
  const patch = partialBody(schema, ['id']);

  it('leaves out what the body leaves out: no defaults come back', () => {
    expect(patch.parse({})).toEqual({});
    expect(patch.parse({ enabled: false })).toEqual({ enabled: false });
  });

  it('still validates the fields given', () => {
    expect(patch.safeParse({ retries: -1 }).success).toBe(false);
    expect(patch.safeParse({ enabled: 'no' }).success).toBe(false);
  });

  it('rejects the omitted fields and unknown ones', () => {
    expect(patch.safeParse({ id: 'x' }).success).toBe(false);
    expect(patch.safeParse({ enabeld: false }).success).toBe(false);
  });

  it('keeps nested defaults inside a field that is given (it is replaced as a whole)', () => {
    const provider = partialBody(providerSchema, ['id']);
    expect(provider.parse({ health_check: {} })).toEqual({
      health_check: { path: '/models', interval_ms: 30000, timeout_ms: 5000 },
    });
    expect(partialBody(apiKeySchema, ['name']).parse({ role: 'admin' })).toEqual({
      role: 'admin',
    });
  });
});
