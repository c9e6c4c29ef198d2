#!/usr/bin/env node
// Runs the Prisma CLI with the settings this project needs: no telemetry look-ups, and a
// placeholder DATABASE_URL for commands that only read the schema (generate).
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const cli = require.resolve('prisma/build/index.js', { paths: [root] });
const env = {
  ...process.env,
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  DATABASE_URL: process.env.DATABASE_URL || 'postgresql://placeholder@localhost:5432/placeholder',
};
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
