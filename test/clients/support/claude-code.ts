import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAUDE_CODE, clientBin } from './install-clients';
import { CliResult, runCli } from './run-cli';

/**
 * Claude Code in print mode (`claude -p`), on its defaults, pointed at the gateway the documented
 * way (ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY), with an empty HOME so no user settings apply.
 */

/** The model Claude Code asks for on its defaults (2.1.332, with an API key). */
export const CLAUDE_CODE_DEFAULT_MODEL = 'claude-opus-5-5';

export interface ClaudeCodeRun {
  gatewayUrl: string;
  apiKey: string;
  prompt: string;
  /** The working directory (its tools act here). */
  cwd: string;
  /** `--allowedTools`: tools that run without a permission prompt (print mode denies others). */
  allowedTools?: string[];
  timeoutMs?: number;
}

export async function runClaudeCode(run: ClaudeCodeRun): Promise<CliResult> {
  const home = await mkdtemp(join(tmpdir(), 'switchboard-claude-home-'));
  try {
    const args = ['-p', run.prompt];
    if (run.allowedTools) args.push('--allowedTools', run.allowedTools.join(','));
    return await runCli(clientBin(CLAUDE_CODE), args, {
      cwd: run.cwd,
      timeoutMs: run.timeoutMs ?? 90_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        ANTHROPIC_BASE_URL: run.gatewayUrl,
        ANTHROPIC_API_KEY: run.apiKey,
        // No traffic but the API calls (no telemetry, update checks, error reports).
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_TELEMETRY: '1',
        // An error from the gateway shows at once instead of after ten backed-off retries.
        CLAUDE_CODE_MAX_RETRIES: '1',
      },
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
