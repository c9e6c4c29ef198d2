import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/** The repository root: where prisma.config.ts and prisma/ live (works from src/ and dist/). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/**
 * Apply pending migrations with `prisma migrate deploy` (Prisma's WASM schema engine through
 * the pg driver adapter; see prisma.config.ts), then the database routines. Resolves with the
 * CLI's output.
 */
export async function migrateDeploy(databaseUrl: string): Promise<string> {
  const output = await prismaMigrateDeploy(databaseUrl);
  await applyRoutines(databaseUrl);
  return output;
}

/**
 * `prisma/routines/*.sql`, in name order: functions (CREATE OR REPLACE, so applying them again
 * is harmless). They live outside the migrations because Prisma's runner splits a script on
 * ';' and breaks a function body; node-postgres sends each file whole.
 */
export async function applyRoutines(databaseUrl: string): Promise<void> {
  const dir = join(PROJECT_ROOT, 'prisma', 'routines');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Instances starting together would replace the same functions at once, which Postgres
    // refuses ("tuple concurrently updated"): one at a time (Prisma locks its migrations too).
    await client.query('SELECT pg_advisory_lock($1)', [ROUTINES_LOCK]);
    for (const file of files) await client.query(await readFile(join(dir, file), 'utf8'));
  } finally {
    await client.end(); // ends the session, and with it the lock
  }
}

/** Advisory lock key held while the routines are applied. */
const ROUTINES_LOCK = 7_311_280_521;

function prismaMigrateDeploy(databaseUrl: string): Promise<string> {
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
