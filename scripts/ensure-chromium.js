#!/usr/bin/env node
// The browser tests drive Debian's Chromium with playwright-core. Install it when it is missing
// (apt-get, as root) so that `npm run test:browser` and CI work on a fresh machine.
'use strict';
const { existsSync } = require('node:fs');
const { execFileSync } = require('node:child_process');

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.error(
    `switchboard: Chromium not found at ${path}. Install it (Debian: apt-get install -y chromium) ` +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
  process.exit(1);
}
console.log('switchboard: installing Chromium for the browser tests (apt-get install chromium)...');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const install = () =>
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
try {
  install();
} catch {
  // A fresh machine may have no package lists yet.
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  install();
}
