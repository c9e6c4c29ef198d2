import { createHash } from 'node:crypto';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addModel } from '../support/config';
import { ADMIN_KEY, Gateway, startGateway } from '../support/gateway';
import { waitForUsageRows } from '../support/usage';

const PROVIDER_SECRET = 'sk-upstream-secret-1234567890abcdef';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Secrets at rest: what an attacker holding a dump of the database would see. */
describe('secrets in Postgres', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let gatewayKey: string;

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    gateway = await startGateway();
    await gateway.adminOk('POST', '/admin/providers', {
      id: 'secretive',
      base_url: upstream.baseUrl,
      api_key: PROVIDER_SECRET,
    });
    await addModel(gateway, 'secret-model', [{ provider: 'secretive', model: 'm' }]);
    const created = await gateway.adminOk<{ key: string }>('POST', '/admin/keys', {
      name: 'holder',
    });
    gatewayKey = created.key;
    // A request, so that usage rows and every other table have content too.
    await gateway.openai(gatewayKey).chat.completions.create({
      model: 'secret-model',
      messages: [{ role: 'user', content: 'hi' }],
    });
    await waitForUsageRows(gateway.db, 1);
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  it('the provider key is stored encrypted, and still reaches the upstream decrypted', async () => {
    const [row] = await gateway.db.query<{ api_key_encrypted: string | null }>(
      `SELECT api_key_encrypted FROM providers WHERE id = 'secretive'`,
    );
    expect(row.api_key_encrypted).toEqual(expect.any(String));
    expect(row.api_key_encrypted).not.toContain(PROVIDER_SECRET);
    expect(row.api_key_encrypted).not.toContain(PROVIDER_SECRET.slice(3, 20));
    expect(upstream.chatRequests[0].headers.authorization).toBe(`Bearer ${PROVIDER_SECRET}`);
  });

  it('gateway keys are stored as their SHA-256 hex digest', async () => {
    const rows = await gateway.db.query<{ name: string; key_hash: string }>(
      `SELECT name, key_hash FROM api_keys ORDER BY name`,
    );
    expect(rows).toEqual([
      { name: 'admin', key_hash: sha256(ADMIN_KEY) },
      { name: 'holder', key_hash: sha256(gatewayKey) },
    ]);
  });

  it('no row of any table holds a plaintext secret', async () => {
    const tables = await gateway.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['providers', 'api_keys', 'usage_records', 'targets', 'models']),
    );
    let dump = '';
    for (const { table_name } of tables) {
      const rows = await gateway.db.query<{ row: string }>(
        `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
      );
      dump += rows.map((r) => r.row).join('\n') + '\n';
    }
    expect(dump).toContain('secretive'); // the dump is real
    expect(dump).toContain(sha256(gatewayKey));
    for (const secret of [PROVIDER_SECRET, gatewayKey, ADMIN_KEY]) {
      expect(dump).not.toContain(secret);
    }
  });
});
