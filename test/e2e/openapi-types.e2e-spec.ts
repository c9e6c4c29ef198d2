import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Gateway, startGateway } from '../support/gateway';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** The console's API types are generated from this document: they must match what is served. */
describe('web console API types', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('web/src/api/schema.d.ts is what /docs-json generates (else: npm run api:types)', async () => {
    const result = await run(
      process.execPath,
      ['scripts/api-types.mjs', '--from', `${gateway.baseUrl}/docs-json`, '--check'],
      { cwd: ROOT },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(result).toEqual({ code: 0, stderr: '' });
  });
});
