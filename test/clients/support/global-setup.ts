import e2eGlobalSetup from '../../support/global-setup';
import { CLAUDE_CODE, CODEX, ensureClient } from './install-clients';

/** The e2e set-up (Postgres and the migrated template), after installing the CLIs if missing. */
export default async function globalSetup(): Promise<void> {
  await Promise.all([ensureClient(CLAUDE_CODE), ensureClient(CODEX)]);
  await e2eGlobalSetup();
}
