import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLAUDE_CODE_DEFAULT_MODEL, runClaudeCode } from './support/claude-code';
import { expectOneTurn, expectToolLoop, useCliRig } from './support/cli-rig';
import { scriptText, scriptToolLoop, TARGET_FORMATS } from './support/scripted-turns';

/**
 * The real Claude Code CLI (`claude -p`), on its defaults, against the gateway: its default
 * model served by an OpenAI, an Anthropic and a Gemini target, with and without a tool loop.
 */

// The model entry that serves Claude Code, as the README advises: a glob, so whatever default
// the CLI asks for is served (the usage row and the answer carry the name it asked for).
const SERVED_MODEL = 'claude-*';

describe.each(TARGET_FORMATS)('Claude Code through the %s target', (format) => {
  const cli = useCliRig('claude-code', SERVED_MODEL, format);

  it('answers a prompt on its default model', async () => {
    const usage = await cli.usage();
    const answer = `Served by the ${format} target.`;
    scriptText(cli.rig.fakes, format, answer);

    const result = await runClaudeCode({
      gatewayUrl: cli.rig.gateway.baseUrl,
      apiKey: cli.rig.key,
      prompt: 'Say hello.',
      cwd: cli.cwd(),
    });

    await expectOneTurn(cli, format, usage, result, {
      answer,
      requestedModel: CLAUDE_CODE_DEFAULT_MODEL,
    });
  });

  it('runs its Write tool when the model calls it, then prints the final answer', async () => {
    const usage = await cli.usage();
    const file = join(cli.cwd(), 'hello.txt');
    const content = `written through the ${format} target\n`;
    scriptToolLoop(cli.rig.fakes, format, {
      call: (tools) =>
        tools.some((t) => t.name === 'Write')
          ? { name: 'Write', arguments: JSON.stringify({ file_path: file, content }) }
          : `no Write tool offered; tools: ${tools.map((t) => t.name).join(', ')}`,
      finalText: 'I wrote hello.txt.',
    });

    const result = await runClaudeCode({
      gatewayUrl: cli.rig.gateway.baseUrl,
      apiKey: cli.rig.key,
      prompt: 'Create hello.txt.',
      cwd: cli.cwd(),
      allowedTools: ['Write'],
    });

    await expectToolLoop(cli, format, usage, result, {
      finalText: 'I wrote hello.txt.',
      requestedModel: CLAUDE_CODE_DEFAULT_MODEL,
    });
    expect(await readFile(file, 'utf8')).toBe(content);
  });
});
