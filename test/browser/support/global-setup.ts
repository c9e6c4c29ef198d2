import { existsSync } from 'node:fs';
import { join } from 'node:path';
import e2eGlobalSetup from '../../support/global-setup';
import { CHROMIUM_PATH } from './browser';

/** The e2e set-up (Postgres and the migrated template), once the console and Chromium exist. */
export default async function globalSetup(): Promise<void> {
  const index = join(__dirname, '..', '..', '..', 'web', 'dist', 'index.html');
  if (!existsSync(index)) {
    throw new Error('The web console is not built: run `npm run build:web` first.');
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: run \`node scripts/ensure-chromium.js\`.`);
  }
  await e2eGlobalSetup();
}
