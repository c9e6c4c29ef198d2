import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectOneTurn, expectToolLoop, useCliRig } from './support/cli-rig';
import { CODEX_DEFAULT_MODEL, runCodex } from './support/codex';
import {
  OfferedTool,
  scriptText,
  scriptToolLoop,
  TARGET_FORMATS,
  textArgument,
} from './support/scripted-turns';

/**
 * The real Codex CLI (`codex exec`), on its defaults (its default model and its default tools),
 * with the gateway as its Responses API provider, served by an OpenAI, an Anthropic and a Gemini
 * target, with and without a tool loop.
 */

// The model entry that serves Codex, as the README advises: a glob, so whatever default the
// CLI asks for is served (the usage row and the answer carry the name it asked for).
const SERVED_MODEL = 'gpt-*';

/**
 * Codex's one code tool: the freeform `exec` (namespace `functions`), whose input is JavaScript
 * calling nested tools such as `tools.exec_command`. However the gateway names it upstream
 * (`exec`, `functions.exec`, …), it ends in `exec`.
 */
const isExecTool = (tool: OfferedTool) => /(^|[^a-z])exec$/i.test(tool.name);

describe.each(TARGET_FORMATS)('Codex through the %s target', (format) => {
  const cli = useCliRig('codex', SERVED_MODEL, format);

  it('answers a prompt on its default model and tools', async () => {
    const usage = await cli.usage();
    const answer = `Served by the ${format} target.`;
    scriptText(cli.rig.fakes, format, answer);

    const result = await runCodex({
      gatewayUrl: cli.rig.gateway.baseUrl,
      apiKey: cli.rig.key,
      prompt: 'Say hello.',
      cwd: cli.cwd(),
    });

    await expectOneTurn(cli, format, usage, result, {
      answer,
      requestedModel: CODEX_DEFAULT_MODEL,
    });
  });

  it('runs a shell command through its exec tool, then prints the final answer', async () => {
    const usage = await cli.usage();
    const marker = `written-through-${format}`;
    const script = `await tools.exec_command({ cmd: "echo ${marker} > hello.txt" });`;
    scriptToolLoop(cli.rig.fakes, format, {
      call: (tools) => {
        const exec = tools.find(isExecTool);
        if (!exec) return `no exec tool offered; tools: ${tools.map((t) => t.name).join(', ')}`;
        return { name: exec.name, arguments: textArgument(exec, script) };
      },
      finalText: 'I wrote hello.txt.',
    });

    const result = await runCodex({
      gatewayUrl: cli.rig.gateway.baseUrl,
      apiKey: cli.rig.key,
      prompt: 'Create hello.txt.',
      cwd: cli.cwd(),
      sandbox: 'workspace-write',
    });

    await expectToolLoop(cli, format, usage, result, {
      finalText: 'I wrote hello.txt.',
      requestedModel: CODEX_DEFAULT_MODEL,
    });
    expect(await readFile(join(cli.cwd(), 'hello.txt'), 'utf8')).toBe(`${marker}\n`);
  });
});
