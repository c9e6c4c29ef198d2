import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gateway, readResult, startGateway } from '../support/gateway';

/** The console's files as the gateway serves them (a stand-in build; the browser tests use the real one). */
describe('web console serving', () => {
  let gateway: Gateway;
  const dir = mkdtempSync(join(tmpdir(), 'sb-dashboard-'));
  const INDEX = '<!doctype html><title>console</title><div id="root"></div>';
  const SCRIPT = 'console.log("app")';

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
    gateway = await startGateway({ env: { DASHBOARD_DIR: dir } });
  });

  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, accept?: string) =>
    gateway.fetch(path, { redirect: 'manual', headers: accept ? { accept } : {} });

  it('redirects a browser from / to /dashboard/', async () => {
    const res = await get('/', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard/');
  });

  it('leaves / a 404 in the API error format for API clients', async () => {
    const result = await readResult<{ error: { message: string } }>(
      await get('/', 'application/json'),
    );
    expect(result.status).toBe(404);
    expect(result.body.error.message).toEqual(expect.any(String));
  });

  it.each(['/dashboard', '/dashboard/', '/dashboard/logs', '/dashboard/keys?x=1'])(
    'answers %s with the app page, not cached, with a strict CSP',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await res.text()).toBe(INDEX);
    },
  );

  it('serves hashed assets cached for a year', async () => {
    const res = await get('/dashboard/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(SCRIPT);
  });

  it('answers a missing asset with 404, not the app page', async () => {
    const res = await get('/dashboard/assets/index-gone.js');
    expect(res.status).toBe(404);
  });

  it('does not serve files outside the console directory', async () => {
    const res = await get('/dashboard/..%2f..%2fpackage.json');
    expect(await res.text()).not.toContain('"name"');
  });
});

describe('web console not built', () => {
  let gateway: Gateway;
  const dir = mkdtempSync(join(tmpdir(), 'sb-dashboard-empty-'));

  beforeAll(async () => {
    gateway = await startGateway({ env: { DASHBOARD_DIR: dir } });
  });

  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says how to build it, and the API still works', async () => {
    const res = await gateway.fetch('/dashboard/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
    expect((await gateway.fetch('/health/live')).status).toBe(200);
  });
});
