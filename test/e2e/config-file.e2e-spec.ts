import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { apiErrorOf, expectOpenAIError } from '../support/expect';
import { createTestDatabase } from '../support/database';
import { Gateway, startGateway } from '../support/gateway';

const GATEWAY_KEY = 'sk-sb-from-yaml-file-0123456789';
const UPSTREAM_KEY = 'sk-upstream-from-env-4242';
const messages = [{ role: 'user' as const, content: 'hi' }];

function yaml(upstreamModel: string, extraModel = ''): string {
  return `
providers:
  - id: file-upstream
    format: openai
    base_url: \${E2E_CFG_UPSTREAM_URL}
    api_key: \${E2E_CFG_UPSTREAM_KEY}
    headers:
      x-source: \${E2E_CFG_MISSING:-yaml-default}
models:
  - name: file-model
    targets:
      - provider: file-upstream
        model: ${upstreamModel}
${extraModel}
api_keys:
  - name: file-key
    key: \${E2E_CFG_GATEWAY_KEY}
    models: ["file-*"]
`;
}

/** GATEWAY_CONFIG: a YAML file with ${ENV} references, applied at start and on /admin/reload. */
describe('YAML configuration file', () => {
  let dir: string;
  let file: string;
  let upstream: FakeOpenAI;
  let gateway: Gateway;

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    dir = await mkdtemp(join(tmpdir(), 'switchboard-config-'));
    file = join(dir, 'switchboard.yaml');
    await writeFile(file, yaml('upstream-from-file'));
    process.env.E2E_CFG_UPSTREAM_URL = upstream.baseUrl;
    process.env.E2E_CFG_UPSTREAM_KEY = UPSTREAM_KEY;
    process.env.E2E_CFG_GATEWAY_KEY = GATEWAY_KEY;
    gateway = await startGateway({ env: { GATEWAY_CONFIG: file } });
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => upstream.reset());

  it('the key from the file works, and requests go where the file says', async () => {
    const client = gateway.openai(GATEWAY_KEY);
    const completion = await client.chat.completions.create({ model: 'file-model', messages });
    expect(completion.choices[0].message.content).toBeTruthy();

    const [sent] = upstream.chatRequests;
    expect(sent.body?.model).toBe('upstream-from-file');
    expect(sent.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(sent.headers['x-source']).toBe('yaml-default');
  });

  it('an edited file applies on POST /admin/reload, without a restart', async () => {
    await writeFile(
      file,
      yaml(
        'upstream-edited',
        `  - name: file-model-2
    targets:
      - provider: file-upstream
        model: second-upstream`,
      ),
    );
    const reload = await gateway.admin('POST', '/admin/reload');
    expect(reload.status).toBe(200);
    expect(reload.body).toMatchObject({ config_file: file, models: 2 });

    const client = gateway.openai(GATEWAY_KEY);
    await client.chat.completions.create({ model: 'file-model', messages });
    await client.chat.completions.create({ model: 'file-model-2', messages });
    expect(upstream.chatRequests.map((r) => r.body?.model)).toEqual([
      'upstream-edited',
      'second-upstream',
    ]);
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(['file-model', 'file-model-2']);
  });

  it('on reload a file entry replaces limits set through the API; the key stays', async () => {
    await gateway.adminOk('PATCH', '/admin/keys/file-key', { limits: { rpm: 5 } });
    expect((await gateway.admin('POST', '/admin/reload')).status).toBe(200);
    const key = await gateway.adminOk<{ limits?: unknown }>('GET', '/admin/keys/file-key');
    expect(key.limits).toBeUndefined();
    await gateway.openai(GATEWAY_KEY).chat.completions.create({ model: 'file-model', messages });
  });

  it('a broken file is refused on reload with a message, and the running configuration stays', async () => {
    await writeFile(file, 'providers:\n  - id: x\n    base_url: not-a-url\n');
    const reload = await gateway.admin('POST', '/admin/reload');
    // The admin must learn what is wrong with the file: a client error naming the field.
    expect([400, 422]).toContain(reload.status);
    const error = expectOpenAIError(reload, reload.status, { code: 'config_invalid' });
    expect(error.message).toContain('base_url');

    const client = gateway.openai(GATEWAY_KEY);
    await client.chat.completions.create({ model: 'file-model', messages });
    expect(upstream.chatRequests[0].body?.model).toBe('upstream-edited');
  });

  it('a broken file at start-up: the gateway does not start, says why, and leaves nothing open', async () => {
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'providers:\n  - id: x\n    base_ur: http://typo\n');
    const db = await createTestDatabase();
    try {
      await expect(startGateway({ database: db, env: { GATEWAY_CONFIG: broken } })).rejects.toThrow(
        /base_ur/,
      );
      // Every pool and the LISTEN connection of the app that failed were closed.
      const open = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      expect(open[0].n).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it('global rules in the file replace the stored list; a rule that does not compile is refused', async () => {
    const withRules = (when: string) =>
      `${yaml('upstream-edited')}rules:\n  - when: '${when}'\n    targets: { file-upstream: night-model }\n`;
    await writeFile(file, withRules('Hour >= 22'));
    expect((await gateway.admin('POST', '/admin/reload')).status).toBe(200);
    const stored = await gateway.adminOk<{ when: string }[]>('GET', '/admin/rules?model=');
    expect(stored).toMatchObject([
      {
        model: null,
        when: 'Hour >= 22',
        targets: [{ provider: 'file-upstream', model: 'night-model' }],
      },
    ]);

    await writeFile(file, withRules('Hour >= "22"'));
    const reload = await gateway.admin('POST', '/admin/reload');
    const error = expectOpenAIError(reload, reload.status, { code: 'config_invalid' });
    expect(error.message).toContain('rules.0.when');
    expect(error.message).toContain('no such overload: int >= string');
    expect(await gateway.adminOk('GET', '/admin/rules?model=')).toEqual(stored);
  });

  it('keys the file does not allow a model stay refused', async () => {
    await writeFile(file, yaml('upstream-edited'));
    await gateway.adminOk('POST', '/admin/models', {
      name: 'other-model',
      targets: [{ provider: 'file-upstream', model: 'x' }],
    });
    const error = await apiErrorOf(
      gateway.openai(GATEWAY_KEY).chat.completions.create({ model: 'other-model', messages }),
    );
    expect(error.status).toBe(403);
  });
});
