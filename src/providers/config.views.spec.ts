import type { ProviderRow } from './providers.repository';
import { maskHeaders, maskSecret, providerView } from './config.views';

describe('maskSecret', () => {
  it('shows only the last 4 characters of a long secret', () => {
    expect(maskSecret('sk-proj-ABCDEFGHIJKLMNOP1234')).toBe('****1234');
  });

  it('never returns the secret or more than its last 4 characters, whatever its length', () => {
    for (let n = 0; n <= 64; n++) {
      const secret = Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join(
        '',
      );
      const masked = maskSecret(secret);
      const shown = masked.replace(/^\*+/, '');
      expect(shown.length).toBeLessThanOrEqual(4);
      expect(secret.endsWith(shown)).toBe(true);
      if (n > 0) expect(masked).not.toContain(secret);
    }
  });

  it('reveals nothing of a short secret, where 4 characters would be a large part of it', () => {
    expect(maskSecret('abcdefgh')).toBe('****');
    expect(maskSecret('abcdefghijkl')).toBe('****');
  });
});

describe('maskHeaders', () => {
  it('masks credential-like headers and keeps the others', () => {
    const masked = maskHeaders({
      Authorization: 'Bearer sk-live-000000000000abcd',
      'api-key': 'azure-key-0000000000wxyz',
      'X-Api-Key': 'short',
      'x-auth-token': 'token-value-00000000tokn',
      'X-Client-Name': 'switchboard',
      'anthropic-version': '2023-06-01',
    });
    expect(masked).toEqual({
      Authorization: '****abcd',
      'api-key': '****wxyz',
      'X-Api-Key': '****',
      'x-auth-token': '****tokn',
      'X-Client-Name': 'switchboard',
      'anthropic-version': '2023-06-01',
    });
  });

  it.each(['x-goog-api-key', 'Cookie', 'X-Upstream-Secret', 'Ocp-Apim-Subscription-Key'])(
    'masks the credential header %s',
    (name) => {
      expect(maskHeaders({ [name]: 'credential-value-000000zzzz' })[name]).toBe('****zzzz');
    },
  );
});

describe('providerView', () => {
  const row: ProviderRow = {
    id: 'openai',
    format: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    apiKeyEncrypted: 'v1:iv:tag:data',
    headers: { Authorization: 'Bearer sk-header-secret-9999' },
    timeoutMs: 60000,
    retries: 2,
    streamSupport: true,
    nonStreamSupport: true,
    enabled: true,
    extra: {},
    createdAt: new Date('2025-01-01T00:00:00Z'),
    updatedAt: new Date('2025-01-02T00:00:00Z'),
  };

  it('shows neither the provider key nor secret headers', () => {
    const view = providerView(row, 'sk-proj-secret-value-7777');
    const json = JSON.stringify(view);
    expect(view.api_key).toBe('****7777');
    expect(json).not.toContain('sk-proj-secret-value');
    expect(json).not.toContain('sk-header-secret');
    expect(json).not.toContain('v1:iv:tag:data');
  });

  it('shows a set-but-undecryptable key as masked and an unset key as null', () => {
    expect(providerView(row, undefined).api_key).toBe('****');
    expect(providerView({ ...row, apiKeyEncrypted: null }, undefined).api_key).toBeNull();
  });
});
