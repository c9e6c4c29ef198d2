import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * In embedded mode, with no GATEWAY_SECRET set, the secret that encrypts provider API keys is
 * generated once and kept in DATA_DIR/gateway-secret (mode 0600) beside the database it
 * protects, so restarts can still decrypt what was stored.
 */
export async function loadOrCreateSecret(dataDir: string): Promise<string> {
  const file = join(resolve(dataDir), 'gateway-secret');
  if (existsSync(file)) {
    const secret = (await readFile(file, 'utf8')).trim();
    if (secret.length >= 16) return secret;
    throw new Error(
      `${file} is corrupt (shorter than 16 characters); restore it or set GATEWAY_SECRET`,
    );
  }
  await mkdir(resolve(dataDir), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
