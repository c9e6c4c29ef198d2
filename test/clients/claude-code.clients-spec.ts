import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useConversionRig } from '../support/conversion-rig';
import { CLAUDE_CODE_DEFAULT_MODEL, runClaudeCode } from './support/claude-code';
import { expectSuccess } from './support/run-cli';
import {
  carriesToolResult,
  scriptText,
  scriptToolLoop,
  TARGET_FORMATS,
  TARGETS,
  upstreamModel,
} from './support/scripted-turns';
import { usageFrom } from './support/usage';

/**
 * The real Claude Code CLI (`claude -p`), on its defaults, against the gateway: its default
 * model served by an OpenAI, an Anthropic and a Gemini target, with and without a tool loop.
 */

// The model entry that serves Claude Code, as the README advises: a glob, so whatever default
// the CLI asks for is served (the usage row and the answer carry the name it asked for).
const SERVED_MODEL = 'claude-*';

describe.each(TARGET_FORMATS)('Claude Code through the %s target', (format) => {
  const rig = useConversionRig({
    keyName: 'claude-code',
    models: { [SERVED_MODEL]: [TARGETS[format]] },
  });
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'switchboard-claude-cwd-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('answers a prompt on its default model', async () => {
    const usage = await usageFrom(rig.gateway.db);
    const answer = `Served by the ${format} target.`;
    scriptText(rig.fakes, format, answer);

    const result = await runClaudeCode({
      gatewayUrl: rig.gateway.baseUrl,
      apiKey: rig.key,
      prompt: 'Say hello.',
      cwd,
    });

    expectSuccess(result);
    expect(result.stdout).toContain(answer);
    const upstream = rig.fakes[format].chatRequests;
    expect(upstream).toHaveLength(1);
    expect(upstreamModel(upstream[0])).toBe(TARGETS[format].model);
    const [row] = await usage.newRows(1);
    expect(row).toMatchObject({
      key_name: 'claude-code',
      model: CLAUDE_CODE_DEFAULT_MODEL,
      provider: TARGETS[format].provider,
      upstream_model: TARGETS[format].model,
      status: 200,
      stream: true,
    });
    expect(row.prompt_tokens).toBeGreaterThan(0);
    expect(row.completion_tokens).toBeGreaterThan(0);
  });

  it('runs its Write tool when the model calls it, then prints the final answer', async () => {
    const usage = await usageFrom(rig.gateway.db);
    const file = join(cwd, 'hello.txt');
    const content = `written through the ${format} target\n`;
    scriptToolLoop(rig.fakes, format, {
      call: (tools) =>
        tools.some((t) => t.name === 'Write')
          ? { name: 'Write', arguments: JSON.stringify({ file_path: file, content }) }
          : `no Write tool offered; tools: ${tools.map((t) => t.name).join(', ')}`,
      finalText: 'I wrote hello.txt.',
    });

    const result = await runClaudeCode({
      gatewayUrl: rig.gateway.baseUrl,
      apiKey: rig.key,
      prompt: 'Create hello.txt.',
      cwd,
      allowedTools: ['Write'],
    });

    expectSuccess(result);
    expect(result.stdout).toContain('I wrote hello.txt.');
    expect(await readFile(file, 'utf8')).toBe(content);
    const upstream = rig.fakes[format].chatRequests;
    expect(upstream).toHaveLength(2);
    expect(carriesToolResult(format, upstream[1].body)).toBe(true);
    const rows = await usage.newRows(2);
    expect(rows.map((r) => [r.model, r.provider, r.status])).toEqual([
      [CLAUDE_CODE_DEFAULT_MODEL, TARGETS[format].provider, 200],
      [CLAUDE_CODE_DEFAULT_MODEL, TARGETS[format].provider, 200],
    ]);
  });
});
