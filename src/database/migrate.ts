import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository root: where prisma.config.ts and prisma/ live (works from src/ and dist/). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/**
 * Apply pending migrations with `prisma migrate deploy` (Prisma's WASM schema engine through
 * the pg driver adapter; see prisma.config.ts). Resolves with the CLI's output.
 */
export function migrateDeploy(databaseUrl: string): Promise<string> {
  const cli = require.resolve('prisma/build/index.js', { paths: [PROJECT_ROOT] });
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(output);
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.trim()}`));
    });
  });
}
