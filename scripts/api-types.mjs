#!/usr/bin/env node
// Generate the web console's API types (web/src/api/schema.d.ts) from the gateway's OpenAPI
// document, so the console and the API cannot drift.
//   node scripts/api-types.mjs                 document from the build (dist/print-openapi.js)
//   node scripts/api-types.mjs --from <url|file>  document from a running gateway's /docs-json
//   --check                                    exit 1 (and say so) when the file is stale
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILE = join(root, 'web', 'src', 'api', 'schema.d.ts');
const HEADER =
  "// Generated from the gateway's OpenAPI document by `npm run api:types`. Do not edit.\n";

async function loadDocument(from) {
  if (!from) {
    const out = execFileSync(process.execPath, [join(root, 'dist', 'print-openapi.js')], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(out.toString());
  }
  if (/^https?:\/\//.test(from)) {
    const res = await fetch(from);
    if (!res.ok) throw new Error(`${from} answered ${res.status}`);
    return res.json();
  }
  return JSON.parse(readFileSync(from, 'utf8'));
}

/** The file's text for an OpenAPI document: openapi-typescript's output, prettier-formatted. */
export async function renderSchema(document) {
  const ast = await openapiTS(document, { alphabetize: true });
  const options = (await prettier.resolveConfig(SCHEMA_FILE)) ?? {};
  return prettier.format(HEADER + astToString(ast), { ...options, filepath: SCHEMA_FILE });
}

async function main() {
  const args = process.argv.slice(2);
  const fromIndex = args.indexOf('--from');
  const from = fromIndex >= 0 ? args[fromIndex + 1] : undefined;
  const text = await renderSchema(await loadDocument(from));
  if (args.includes('--check')) {
    const current = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(
        'web/src/api/schema.d.ts is stale: the OpenAPI document changed. Run `npm run api:types`.\n',
      );
      process.exit(1);
    }
    return;
  }
  writeFileSync(SCHEMA_FILE, text);
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  });
}
