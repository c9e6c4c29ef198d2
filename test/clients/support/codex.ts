import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientBin, CODEX } from './install-clients';
import { CliResult, runCli } from './run-cli';

/**
 * `codex exec` on its defaults, with the gateway as a custom model provider (Responses API) the
 * documented way: a config.toml in a fresh CODEX_HOME, the key in the variable `env_key` names.
 * No `model` is set: Codex asks for its own default model.
 */

/** The model Codex asks for on its defaults with a custom provider (0.171.0). */
export const CODEX_DEFAULT_MODEL = 'gpt-6.2-sol';

const KEY_VARIABLE = 'SWITCHBOARD_API_KEY';

export interface CodexRun {
  gatewayUrl: string;
  apiKey: string;
  prompt: string;
  /** The working directory (its tools act here). */
  cwd: string;
  /** `--sandbox`; exec's default is read-only, `workspace-write` lets a command write in `cwd`. */
  sandbox?: 'read-only' | 'workspace-write';
  timeoutMs?: number;
}

function config(gatewayUrl: string): string {
  return [
    'model_provider = "switchboard"',
    'check_for_update_on_startup = false',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[model_providers.switchboard]',
    'name = "Switchboard"',
    `base_url = "${gatewayUrl}/v1"`,
    `env_key = "${KEY_VARIABLE}"`,
    'wire_api = "responses"',
    // An error from the gateway shows at once instead of after several retries.
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

export async function runCodex(run: CodexRun): Promise<CliResult> {
  const home = await mkdtemp(join(tmpdir(), 'switchboard-codex-home-'));
  try {
    await writeFile(join(home, 'config.toml'), config(run.gatewayUrl));
    const args = ['exec', '--skip-git-repo-check', '--sandbox', run.sandbox ?? 'read-only'];
    return await runCli(clientBin(CODEX), [...args, run.prompt], {
      cwd: run.cwd,
      timeoutMs: run.timeoutMs ?? 90_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        CODEX_HOME: home,
        [KEY_VARIABLE]: run.apiKey,
      },
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
