import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigFileError, parseGatewayConfig } from './gateway-config.loader';

/** The ConfigFileError thrown for `text`, so tests can read its message. */
function configErrorOf(text: string, vars: Record<string, string | undefined> = {}) {
  try {
    parseGatewayConfig(text, vars, 'test.yaml');
  } catch (err) {
    if (err instanceof ConfigFileError) return err;
    throw err;
  }
  throw new Error('parseGatewayConfig accepted an invalid configuration');
}

const FULL = `
api_keys:
  - name: web-app
    key: \${WEB_KEY}
    role: user
    models: ['gpt-4o-*']
    limits: { rpm: 600, tpm: 200000 }
    budget: { usd: 50 }
    metadata: { team: web }
  - name: ops
    role: admin

providers:
  - id: openai
    base_url: https://api.openai.com/v1
    api_key: \${OPENAI_API_KEY}
  - id: claude
    format: anthropic
    base_url: https://api.anthropic.com/v1/
    api_key: \${ANTHROPIC_API_KEY}
    headers: { anthropic-version: '2023-06-01' }
    timeout_ms: 30000
    retries: 1
    health_check: { path: /models }

models:
  - name: gpt-4o-mini
    strategy: weighted
    sticky: true
    targets:
      - provider: openai
        model: gpt-4o-mini
        priority: 1
        weight: 3
        context_window: 128000
        price: { input: 0.15, output: 0.6, cached_input: 0.075 }
        quota:
          tokens_per_period: 5000000
          period_cron: '0 0 * * 1'
      - provider: claude
        model: claude-3-5-haiku
        quota: { requests_per_period: 1000 }
    rules:
      - when: 'Stream'
        targets: { claude: claude-3-5-haiku }
  - name: bare

rules:
  - when: 'Key.metadata.team == "web"'
    targets:
      - provider: openai
        model: gpt-4o-mini
      - provider: claude
`;

const FULL_VARS = {
  WEB_KEY: 'web-key-of-sixteen-chars',
  OPENAI_API_KEY: 'sk-openai',
  ANTHROPIC_API_KEY: 'sk-ant',
};

describe('parseGatewayConfig', () => {
  it('parses a full configuration with every section', () => {
    const config = parseGatewayConfig(FULL, FULL_VARS);

    expect(config.api_keys.map((k) => k.name)).toEqual(['web-app', 'ops']);
    expect(config.api_keys[0]).toMatchObject({
      key: 'web-key-of-sixteen-chars',
      role: 'user',
      models: ['gpt-4o-*'],
      limits: { rpm: 600, tpm: 200000 },
      budget: { usd: 50 },
      metadata: { team: 'web' },
    });

    expect(config.providers[1]).toMatchObject({
      id: 'claude',
      format: 'anthropic',
      api_key: 'sk-ant',
      headers: { 'anthropic-version': '2023-06-01' },
      timeout_ms: 30000,
      retries: 1,
    });

    const [mini, bare] = config.models;
    expect(mini.strategy).toBe('weighted');
    expect(mini.sticky).toBe(true);
    expect(mini.targets[0]).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      priority: 1,
      weight: 3,
      context_window: 128000,
      price: { input: 0.15, output: 0.6, cached_input: 0.075 },
      quota: { tokens_per_period: 5000000, period_cron: '0 0 * * 1' },
    });
    expect(mini.rules).toEqual([{ when: 'Stream', targets: { claude: 'claude-3-5-haiku' } }]);
    expect(bare).toMatchObject({ name: 'bare', targets: [], rules: [] });

    expect(config.rules).toEqual([
      {
        when: 'Key.metadata.team == "web"',
        targets: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'claude' }],
      },
    ]);
  });

  it('fills in defaults for omitted fields', () => {
    const config = parseGatewayConfig(FULL, FULL_VARS);
    const [openai, claude] = config.providers;
    expect(openai).toMatchObject({
      format: 'openai',
      timeout_ms: 60000,
      retries: 2,
      headers: {},
      stream_support: true,
      non_stream_support: true,
      enabled: true,
    });
    expect(claude.health_check).toEqual({ path: '/models', interval_ms: 30000, timeout_ms: 5000 });

    const target = config.models[0].targets[1];
    expect(target).toMatchObject({ priority: 1, weight: 1, enabled: true });
    expect(target.quota).toEqual({ requests_per_period: 1000, period_cron: '0 0 * * *' });
    expect(config.models[1]).toMatchObject({
      strategy: 'priority',
      sticky: false,
      unsupported_tools: 'drop',
    });

    const ops = config.api_keys[1];
    expect(ops).toMatchObject({ role: 'admin', models: ['*'], metadata: {}, enabled: true });
    expect(config.api_keys[0].budget).toEqual({ usd: 50, period_cron: '0 0 1 * *' });
  });

  it("takes a model's unsupported_tools: reject, and refuses other values", () => {
    const model = (value: string) => `models:\n  - name: m\n    unsupported_tools: ${value}\n`;
    expect(parseGatewayConfig(model('reject'), {}).models[0].unsupported_tools).toBe('reject');
    expect(configErrorOf(model('ignore')).message).toMatch(/unsupported_tools/);
  });

  it('leaves global rules undefined when the file has none, so stored rules are kept', () => {
    const config = parseGatewayConfig('models: []', {});
    expect(config.rules).toBeUndefined();
  });

  it('accepts the shipped switchboard.example.yaml', () => {
    const text = readFileSync(join(__dirname, '../../switchboard.example.yaml'), 'utf8');
    const config = parseGatewayConfig(text, { OPENAI_API_KEY: 'sk-1', RESELLER_API_KEY: 'sk-2' });
    expect(config.providers.map((p) => p.id)).toEqual(['openai', 'reseller']);
    expect(config.providers[1].base_url).toBe('https://llm.reseller.example/v1');
    expect(config.models[0].targets.map((t) => t.provider)).toEqual(['reseller', 'openai']);
    expect(config.api_keys[0].name).toBe('web-app');
  });

  describe('environment interpolation', () => {
    const provider = (apiKey: string, baseUrl = 'https://x.example/v1') =>
      `providers:\n  - id: p\n    base_url: ${baseUrl}\n    api_key: ${apiKey}\n`;

    it('replaces ${VAR} inside a value', () => {
      const config = parseGatewayConfig(provider('"Bearer-${TOKEN}-end"'), { TOKEN: 'abc' });
      expect(config.providers[0].api_key).toBe('Bearer-abc-end');
    });

    it('uses the default of ${VAR:-default} only when VAR is unset', () => {
      const text = provider('k', '${BASE:-https://fallback.example/v1}');
      expect(parseGatewayConfig(text, {}).providers[0].base_url).toBe(
        'https://fallback.example/v1',
      );
      expect(parseGatewayConfig(text, { BASE: 'https://set.example' }).providers[0].base_url).toBe(
        'https://set.example',
      );
    });

    it('fails naming every variable that is referenced but not set', () => {
      const err = configErrorOf(provider('${MISSING_KEY}', '${MISSING_URL}'));
      expect(err.message).toContain('MISSING_KEY');
      expect(err.message).toContain('MISSING_URL');
      expect(err.message).toContain('test.yaml');
    });

    it.each([
      ['a mapping', 'a: b'],
      ['a sequence item', '- x'],
      ['a flow mapping and newline', '{evil: 1}\n  retries: 9'],
      ['a comment marker', 'abc # not a comment'],
    ])('interpolates a secret containing %s as a plain string', (_label, secret) => {
      const config = parseGatewayConfig(provider('${SECRET}'), { SECRET: secret });
      expect(config.providers[0].api_key).toBe(secret);
      expect(config.providers[0].retries).toBe(2);
    });
  });

  describe('invalid files', () => {
    it('reports invalid YAML', () => {
      const err = configErrorOf('providers:\n  - id: p\n   base_url: [unclosed');
      expect(err.message).toMatch(/^test\.yaml: invalid YAML/);
      expect(err.code).toBe('config_invalid');
    });

    it('rejects an unknown field, naming its path', () => {
      const err = configErrorOf('providers:\n  - id: p\n    base_ur: https://x.example\n');
      expect(err.message).toMatch(/providers\.0: .*"base_ur"/);
    });

    it('rejects an unknown top-level section', () => {
      const err = configErrorOf('provider:\n  - id: p\n');
      expect(err.message).toMatch(/\(root\): .*"provider"/);
    });

    it('rejects an unknown provider format, naming the field', () => {
      const err = configErrorOf(
        'providers:\n  - id: p\n    format: foo\n    base_url: https://x\n',
      );
      expect(err.message).toContain('providers.0.format');
    });

    it.each(['daily', '* * *', '0 0 * * * * *', '99 0 * * *', '0 0 31 2 MON-XX'])(
      'rejects the cron expression %j',
      (cron) => {
        const text =
          'models:\n  - name: m\n    targets:\n      - provider: p\n        model: u\n' +
          `        quota: { tokens_per_period: 10, period_cron: '${cron}' }\n`;
        const err = configErrorOf(text);
        expect(err.message).toContain('models.0.targets.0.quota.period_cron');
      },
    );

    it('rejects a base_url that is not http(s)', () => {
      const err = configErrorOf('providers:\n  - id: p\n    base_url: ftp://x.example\n');
      expect(err.message).toContain('providers.0.base_url');
    });

    it.each(['claude-?', '-x', 'a b'])('rejects the model name %j', (name) => {
      const err = configErrorOf(`models:\n  - name: '${name}'\n`);
      expect(err.message).toContain('models.0.name');
    });

    it('rejects an empty map shorthand in rule targets', () => {
      const err = configErrorOf("rules:\n  - when: 'true'\n    targets: {}\n");
      expect(err.message).toContain('rules.0.targets');
    });
  });

  it("accepts glob model names ('*' quoted) and '*' targets", () => {
    const text =
      "models:\n  - name: claude-*\n    targets: [{ provider: anthropic, model: '*' }]\n" +
      "  - name: '*'\n  - name: '*-mini'\n";
    const config = parseGatewayConfig(text, {});
    expect(config.models.map((m) => m.name)).toEqual(['claude-*', '*', '*-mini']);
    expect(config.models[0].targets[0].model).toBe('*');
  });

  it.each([
    ['an empty file', ''],
    ['a comment-only file', '# nothing configured yet\n'],
  ])('treats %s as an empty configuration', (_label, text) => {
    expect(parseGatewayConfig(text, {})).toEqual({ api_keys: [], providers: [], models: [] });
  });
});
