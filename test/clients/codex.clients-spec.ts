import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useConversionRig } from '../support/conversion-rig';
import { CODEX_DEFAULT_MODEL, runCodex } from './support/codex';
import { expectSuccess } from './support/run-cli';
import {
  carriesToolResult,
  OfferedTool,
  scriptText,
  scriptToolLoop,
  TARGET_FORMATS,
  TARGETS,
  textArgument,
  upstreamModel,
} from './support/scripted-turns';
import { usageFrom } from './support/usage';

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
  const rig = useConversionRig({
    keyName: 'codex',
    models: { [SERVED_MODEL]: [TARGETS[format]] },
  });
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'switchboard-codex-cwd-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('answers a prompt on its default model and tools', async () => {
    const usage = await usageFrom(rig.gateway.db);
    const answer = `Served by the ${format} target.`;
    scriptText(rig.fakes, format, answer);

    const result = await runCodex({
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
      key_name: 'codex',
      model: CODEX_DEFAULT_MODEL,
      provider: TARGETS[format].provider,
      upstream_model: TARGETS[format].model,
      status: 200,
      stream: true,
    });
    expect(row.prompt_tokens).toBeGreaterThan(0);
  });

  it('runs a shell command through its exec tool, then prints the final answer', async () => {
    const usage = await usageFrom(rig.gateway.db);
    const marker = `written-through-${format}`;
    const script = `await tools.exec_command({ cmd: "echo ${marker} > hello.txt" });`;
    scriptToolLoop(rig.fakes, format, {
      call: (tools) => {
        const exec = tools.find(isExecTool);
        if (!exec) return `no exec tool offered; tools: ${tools.map((t) => t.name).join(', ')}`;
        return { name: exec.name, arguments: textArgument(exec, script) };
      },
      finalText: 'I wrote hello.txt.',
    });

    const result = await runCodex({
      gatewayUrl: rig.gateway.baseUrl,
      apiKey: rig.key,
      prompt: 'Create hello.txt.',
      cwd,
      sandbox: 'workspace-write',
    });

    expectSuccess(result);
    expect(result.stdout).toContain('I wrote hello.txt.');
    expect(await readFile(join(cwd, 'hello.txt'), 'utf8')).toBe(`${marker}\n`);
    const upstream = rig.fakes[format].chatRequests;
    expect(upstream).toHaveLength(2);
    expect(carriesToolResult(format, upstream[1].body)).toBe(true);
    const rows = await usage.newRows(2);
    expect(rows.map((r) => [r.model, r.provider, r.status])).toEqual([
      [CODEX_DEFAULT_MODEL, TARGETS[format].provider, 200],
      [CODEX_DEFAULT_MODEL, TARGETS[format].provider, 200],
    ]);
  });
});
