import type OpenAI from 'openai';
import { FakeOpenAI, startFakeOpenAI } from '../fakes/openai-upstream';
import { addKey, addModel, addProvider } from '../support/config';
import { withAdminClient } from '../support/database';
import { ident } from '../support/e2e-env';
import { Gateway, readResult, startGateway } from '../support/gateway';
import { waitForUsageRows } from '../support/usage';

/** Postgres goes away while the gateway runs, then comes back. */
describe('database outage', () => {
  let gateway: Gateway;
  let upstream: FakeOpenAI;
  let client: OpenAI;
  let limitedKey: string;

  /** Refuse new connections to the gateway's database and cut the open ones. */
  const cutDatabase = () =>
    withAdminClient(async (admin) => {
      await admin.query(`ALTER DATABASE ${ident(gateway.db.name)} ALLOW_CONNECTIONS false`);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [gateway.db.name],
      );
    });
  const restoreDatabase = () =>
    withAdminClient((admin) =>
      admin.query(`ALTER DATABASE ${ident(gateway.db.name)} ALLOW_CONNECTIONS true`),
    );

  async function waitForStatus(path: string, status: number, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    let last = await readResult(await gateway.fetch(path));
    while (last.status !== status && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      last = await readResult(await gateway.fetch(path));
    }
    return last;
  }

  beforeAll(async () => {
    upstream = await startFakeOpenAI();
    gateway = await startGateway();
    await addProvider(gateway, 'up', upstream);
    await addModel(gateway, 'resilient', [{ provider: 'up', model: 'r' }]);
    client = gateway.openai(await addKey(gateway, 'outage'));
    limitedKey = await addKey(gateway, 'outage-limited', { limits: { rpm: 1000 } });
    expect((await gateway.fetch('/health')).status).toBe(200);
    await cutDatabase();
  });

  afterAll(async () => {
    await restoreDatabase().catch(() => undefined);
    await gateway?.close();
    await upstream?.close();
  });

  it('GET /health answers 503 naming the database', async () => {
    const result = await waitForStatus('/health', 503);
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
  });

  it('GET /health/ready answers 503, GET /health/live still 200', async () => {
    expect((await waitForStatus('/health/ready', 503)).status).toBe(503);
    const live = await readResult(await gateway.fetch('/health/live'));
    expect(live.status).toBe(200);
  });

  it('chat requests are still served from the in-memory configuration', async () => {
    const { data, response } = await client.chat.completions
      .create(
        { model: 'resilient', messages: [{ role: 'user', content: 'still there?' }] },
        { headers: { 'x-request-id': 'e2e-during-outage' } },
      )
      .withResponse();
    expect(data.choices[0].message.content).toBeTruthy();
    expect(response.headers.get('x-request-id')).toBe('e2e-during-outage');
  });

  it('a key with limits is refused with 503 and Retry-After: its limits cannot be checked', async () => {
    const result = await gateway.postJson<{ error: { code: string } }>(
      '/v1/chat/completions',
      { authorization: `Bearer ${limitedKey}` },
      { model: 'resilient', messages: [{ role: 'user', content: 'metered?' }] },
    );
    expect(result.status).toBe(503);
    expect(result.body.error.code).toBe('limits_unavailable');
    expect(result.headers.get('retry-after')).toBe('1');
  });

  it('when the database is back, health recovers and the queued usage row is written', async () => {
    await restoreDatabase();
    expect((await waitForStatus('/health', 200)).status).toBe(200);
    const rows = await waitForUsageRows(
      gateway.db,
      1,
      'request_id = $1',
      ['e2e-during-outage'],
      15_000,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ model: 'resilient', status: 200 });
  });
});
