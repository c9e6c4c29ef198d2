import { key, model, provider, rows, rule, target } from './__fixtures__/rows';
import { buildSnapshot, normalizeRuleTargets } from './snapshot.builder';

const decryptPrefixed = (stored: string) => {
  if (!stored.startsWith('enc:')) throw new Error('bad ciphertext');
  return stored.slice(4);
};

describe('buildSnapshot', () => {
  it('builds providers with decrypted keys and base_url without trailing slashes', () => {
    const snapshot = buildSnapshot(
      rows({
        providers: [
          provider({
            id: 'reseller',
            baseUrl: 'https://llm.example/v1//',
            apiKeyEncrypted: 'enc:sk-reseller',
            headers: { 'X-Client-Name': 'switchboard' },
            timeoutMs: 30000,
            retries: 1,
            extra: { api_version: '2024-10-21', health_check: { path: '/models' } },
          }),
          provider({ id: 'local', baseUrl: 'http://localhost:8000' }),
        ],
      }),
      decryptPrefixed,
    );

    expect(snapshot.version).toBe(7);
    expect(snapshot.providers.get('reseller')).toMatchObject({
      id: 'reseller',
      format: 'openai',
      baseUrl: 'https://llm.example/v1',
      apiKey: 'sk-reseller',
      headers: { 'X-Client-Name': 'switchboard' },
      timeoutMs: 30000,
      retries: 1,
      apiVersion: '2024-10-21',
      healthCheck: { path: '/models' },
    });
    const local = snapshot.providers.get('local')!;
    expect(local.baseUrl).toBe('http://localhost:8000');
    expect(local.apiKey).toBeUndefined();
  });

  it('sends max_completion_tokens to api.openai.com, max_tokens elsewhere, unless set', () => {
    const snapshot = buildSnapshot(
      rows({
        providers: [
          provider({ id: 'openai', baseUrl: 'https://api.openai.com/v1' }),
          provider({ id: 'reseller', baseUrl: 'https://llm.example/v1' }),
          provider({
            id: 'azure',
            baseUrl: 'https://my.openai.azure.com',
            extra: { max_tokens_field: 'max_completion_tokens' },
          }),
          provider({
            id: 'pinned',
            baseUrl: 'https://api.openai.com/v1',
            extra: { max_tokens_field: 'max_tokens' },
          }),
        ],
      }),
      decryptPrefixed,
    );
    const field = (id: string) => snapshot.providers.get(id)?.maxTokensField;
    expect(['openai', 'reseller', 'azure', 'pinned'].map(field)).toEqual([
      'max_completion_tokens',
      'max_tokens',
      'max_completion_tokens',
      'max_tokens',
    ]);
  });

  it('takes reasoning parameters by default; a target overrides its provider', () => {
    const snapshot = buildSnapshot(
      rows({
        providers: [provider(), provider({ id: 'plain', extra: { reasoning: false } })],
        models: [
          model({
            targets: [
              target({ id: 'a' }),
              target({ id: 'b', providerId: 'plain' }),
              target({ id: 'c', providerId: 'plain', reasoning: true }),
              target({ id: 'd', reasoning: false }),
            ],
          }),
        ],
      }),
      decryptPrefixed,
    );
    expect(snapshot.providers.get('plain')?.reasoning).toBe(false);
    expect(snapshot.models.get('gpt-4o-mini')?.targets.map((t) => t.reasoning)).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('links each model target to its provider object and keeps target order', () => {
    const openai = provider();
    const azure = provider({ id: 'azure', format: 'azure' });
    const snapshot = buildSnapshot(
      rows({
        providers: [openai, azure],
        models: [
          model({
            targets: [
              target({ id: 'a', providerId: 'azure', upstreamModel: 'mini-deploy', priority: 2 }),
              target({
                id: 'b',
                contextWindow: 128000,
                price: { input: 0.15, output: 0.6 },
                quota: { tokens_per_period: 100, period_cron: '0 0 * * *' },
                weight: 3,
              }),
            ],
          }),
        ],
      }),
      decryptPrefixed,
    );

    const m = snapshot.models.get('gpt-4o-mini')!;
    expect(m.targets.map((t) => t.id)).toEqual(['a', 'b']);
    expect(m.targets[0].provider).toBe(snapshot.providers.get('azure'));
    expect(m.targets[0]).toMatchObject({ upstreamModel: 'mini-deploy', priority: 2 });
    expect(m.targets[0].contextWindow).toBeUndefined();
    expect(m.targets[0].price).toBeUndefined();
    expect(m.targets[1]).toMatchObject({
      provider: { id: 'openai' },
      weight: 3,
      contextWindow: 128000,
      price: { input: 0.15, output: 0.6 },
      quota: { tokens_per_period: 100, period_cron: '0 0 * * *' },
    });
  });

  it("carries each model's unsupported_tools; an unknown stored value reads as drop", () => {
    const snapshot = buildSnapshot(
      rows({
        providers: [provider()],
        models: [
          model({ name: 'strict', unsupportedTools: 'reject' }),
          model({ name: 'lenient', unsupportedTools: 'drop' }),
          model({ name: 'odd', unsupportedTools: 'sometimes' }),
        ],
      }),
      decryptPrefixed,
    );
    expect(snapshot.models.get('strict')!.unsupportedTools).toBe('reject');
    expect(snapshot.models.get('lenient')!.unsupportedTools).toBe('drop');
    expect(snapshot.models.get('odd')!.unsupportedTools).toBe('drop');
  });

  it('normalizes model and global rules given in the map shorthand', () => {
    const snapshot = buildSnapshot(
      rows({
        providers: [provider()],
        models: [
          model({
            rules: [rule({ id: 'm1', when: 'Stream', targets: { openai: 'gpt-4o' } })],
          }),
        ],
        globalRules: [
          rule({ id: 'g1', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] }),
          rule({ id: 'g2', targets: { openai: 'o1', azure: 'o1-deploy' } }),
        ],
      }),
      decryptPrefixed,
    );

    expect(snapshot.models.get('gpt-4o-mini')!.rules).toMatchObject([
      { id: 'm1', when: 'Stream', targets: [{ provider: 'openai', model: 'gpt-4o' }] },
    ]);
    expect(snapshot.globalRules.map((r) => r.targets)).toEqual([
      [{ provider: 'openai', model: 'gpt-4o-mini' }],
      [
        { provider: 'openai', model: 'o1' },
        { provider: 'azure', model: 'o1-deploy' },
      ],
    ]);
  });

  it('compiles rules once; a stored rule that no longer compiles warns and never matches', () => {
    const warnings: string[] = [];
    const snapshot = buildSnapshot(
      rows({
        models: [model({ rules: [rule({ id: 'm1', modelName: 'gpt-4o-mini', when: 'Stream' })] })],
        globalRules: [rule({ id: 'g1', position: 2, when: 'Tokens > 5' })],
      }),
      decryptPrefixed,
      (message) => warnings.push(message),
    );

    const vars = {
      tokenCount: 10,
      model: 'gpt-4o-mini',
      path: '/v1/chat/completions',
      maxTokens: 0,
      stream: true,
      hasTools: false,
      hasImages: false,
      headers: {},
      key: { name: 'k', metadata: {} },
      user: '',
      hour: 0,
    };
    const [modelRule] = snapshot.models.get('gpt-4o-mini')!.rules;
    expect(modelRule.compiled.matches(vars)).toBe(true);
    expect(modelRule.compiled.matches({ ...vars, stream: false })).toBe(false);
    expect(snapshot.globalRules[0].compiled.matches(vars)).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('global rule g1 (position 2)');
    expect(warnings[0]).toContain('Unknown variable: Tokens');
  });

  it('indexes enabled keys by hash and leaves disabled keys out', () => {
    const snapshot = buildSnapshot(
      rows({
        keys: [
          key({ keyHash: 'on', name: 'on', metadata: { team: 'web' }, limits: { rpm: 10 } }),
          key({ id: 'k2', keyHash: 'off', name: 'off', enabled: false }),
        ],
      }),
      decryptPrefixed,
    );

    expect([...snapshot.keysByHash.keys()]).toEqual(['on']);
    expect(snapshot.keysByHash.get('on')).toMatchObject({
      name: 'on',
      role: 'user',
      metadata: { team: 'web' },
      limits: { rpm: 10 },
    });
    expect(snapshot.keysByHash.get('on')!.budget).toBeUndefined();
  });

  it('gives each key an allowsModel check built from its model globs', () => {
    const snapshot = buildSnapshot(
      rows({ keys: [key({ models: ['gpt-4o-*', 'claude-3-haiku'] })] }),
      decryptPrefixed,
    );
    const principal = snapshot.keysByHash.get('hash-1')!;
    expect(principal.allowsModel('gpt-4o-mini')).toBe(true);
    expect(principal.allowsModel('claude-3-haiku')).toBe(true);
    expect(principal.allowsModel('o1')).toBe(false);
  });

  it('leaves a provider without a key and warns when its key cannot be decrypted', () => {
    const warnings: string[] = [];
    const snapshot = buildSnapshot(
      rows({
        providers: [
          provider({ id: 'broken', apiKeyEncrypted: 'garbage' }),
          provider({ id: 'fine', apiKeyEncrypted: 'enc:sk-fine' }),
        ],
      }),
      decryptPrefixed,
      (message) => warnings.push(message),
    );

    expect(snapshot.providers.get('broken')!.apiKey).toBeUndefined();
    expect(snapshot.providers.get('fine')!.apiKey).toBe('sk-fine');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("'broken'");
    expect(warnings[0]).toContain('GATEWAY_SECRET');
    expect(warnings[0]).not.toContain('garbage');
  });

  it('does not call decrypt or warn for a provider without a stored key', () => {
    const decrypt = jest.fn(decryptPrefixed);
    const onWarning = jest.fn();
    buildSnapshot(rows({ providers: [provider()] }), decrypt, onWarning);
    expect(decrypt).not.toHaveBeenCalled();
    expect(onWarning).not.toHaveBeenCalled();
  });
});

describe('normalizeRuleTargets', () => {
  it('keeps the list form and expands the map shorthand', () => {
    expect(normalizeRuleTargets([{ provider: 'a' }])).toEqual([{ provider: 'a' }]);
    expect(normalizeRuleTargets({ a: 'm1', b: 'm2' })).toEqual([
      { provider: 'a', model: 'm1' },
      { provider: 'b', model: 'm2' },
    ]);
  });

  it('turns anything else into no targets', () => {
    expect(normalizeRuleTargets(null)).toEqual([]);
    expect(normalizeRuleTargets('openai')).toEqual([]);
  });
});
