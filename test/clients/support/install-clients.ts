import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The real CLIs under test, installed from the npm registry into an ignored cache folder (they
 * are large native packages, so they are not dev dependencies). Pinned: a new version is a
 * deliberate change, made here.
 */

export interface ClientPackage {
  /** The npm package. */
  name: string;
  version: string;
  /** Its executable, relative to the install folder. */
  bin: string;
}

export const CLAUDE_CODE: ClientPackage = {
  name: '@anthropic-ai/claude-code',
  version: '2.1.332',
  bin: 'node_modules/.bin/claude',
};

export const CODEX: ClientPackage = {
  name: '@openai/codex',
  version: '0.171.0',
  bin: 'node_modules/.bin/codex',
};

export const CLIENT_CACHE = resolve(__dirname, '../../../.cache/clients');

const run = promisify(execFile);

function installDir(pkg: ClientPackage): string {
  return join(CLIENT_CACHE, `${pkg.name.replace('/', '__')}@${pkg.version}`);
}

/** The executable of an installed client. */
export function clientBin(pkg: ClientPackage): string {
  return join(installDir(pkg), pkg.bin);
}

function installedVersion(pkg: ClientPackage): string | null {
  const manifest = join(installDir(pkg), 'node_modules', pkg.name, 'package.json');
  if (!existsSync(manifest) || !existsSync(clientBin(pkg))) return null;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? null;
}

/** Install `pkg` at its pinned version unless that version is already in the cache. */
export async function ensureClient(pkg: ClientPackage): Promise<string> {
  if (installedVersion(pkg) !== pkg.version) {
    const spec = `${pkg.name}@${pkg.version}`;
    const args = ['install', '--prefix', installDir(pkg), '--no-save', '--no-package-lock'];
    await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error', spec], {
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: Error & { stderr?: string }) => {
      throw new Error(`npm install ${spec} failed: ${err.stderr || err.message}`);
    });
    if (installedVersion(pkg) !== pkg.version) {
      throw new Error(`npm install ${spec} did not leave ${clientBin(pkg)}`);
    }
  }
  // The binary must start (a platform without a native build fails here, not in a test).
  const { stdout } = await run(clientBin(pkg), ['--version'], { timeout: 60_000 });
  if (!stdout.includes(pkg.version)) {
    throw new Error(`${clientBin(pkg)} --version printed ${stdout.trim()}, not ${pkg.version}`);
  }
  return clientBin(pkg);
}
