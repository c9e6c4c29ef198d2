import type { FakeToolCall, RecordedRequest } from '../../fakes/fake-server';
import type { Fakes } from '../../support/conversion-rig';
import type { TargetSpec } from '../../support/config';

/**
 * What the fake upstreams answer a CLI with: plain text, or a tool loop (a tool call first, the
 * final text once the request carries the tool's result). The tool to call is picked among the
 * tools the gateway offered upstream, read in that upstream's own format.
 */

export type TargetFormat = 'openai' | 'anthropic' | 'gemini';

export const TARGET_FORMATS: TargetFormat[] = ['openai', 'anthropic', 'gemini'];

/** The conversion rig's provider and upstream model for each format. */
export const TARGETS: Record<TargetFormat, TargetSpec> = {
  openai: { provider: 'p-openai', model: 'gpt-up' },
  anthropic: { provider: 'p-anthropic', model: 'claude-up' },
  gemini: { provider: 'p-gemini', model: 'gemini-up' },
};

type Json = Record<string, unknown>;

/** A tool as the gateway offered it upstream: its name and its JSON Schema, if it has one. */
export interface OfferedTool {
  name: string;
  schema?: Json;
}

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

export function offeredTools(format: TargetFormat, body: Json | null): OfferedTool[] {
  const tools = list(body?.tools);
  switch (format) {
    case 'openai':
      return tools.map((t) => {
        const spec = (t.function ?? t.custom ?? {}) as Json;
        return { name: String(spec.name), schema: spec.parameters as Json | undefined };
      });
    case 'anthropic':
      return tools.map((t) => ({ name: String(t.name), schema: t.input_schema as Json }));
    case 'gemini':
      return tools
        .flatMap((t) => list(t.functionDeclarations))
        .map((d) => ({
          name: String(d.name),
          schema: (d.parametersJsonSchema ?? d.parameters) as Json | undefined,
        }));
  }
}

/** True once the conversation sent upstream holds a tool's result. */
export function carriesToolResult(format: TargetFormat, body: Json | null): boolean {
  switch (format) {
    case 'openai':
      return list(body?.messages).some((m) => m.role === 'tool');
    case 'anthropic':
      return list(body?.messages).some((m) =>
        list(m.content).some((block) => block.type === 'tool_result'),
      );
    case 'gemini':
      return list(body?.contents).some((c) => list(c.parts).some((p) => p.functionResponse));
  }
}

/** The upstream model a request asked for (Gemini names it in the path). */
export function upstreamModel(request: RecordedRequest & { model?: string | null }): unknown {
  return request.body?.model ?? request.model;
}

/** The behaviour fields all three fakes share. */
interface Turn {
  content?: string;
  toolCall?: FakeToolCall;
  fail?: { status: number; message: string };
}

function behave(fakes: Fakes, format: TargetFormat, choose: (r: RecordedRequest) => Turn): void {
  // (Each fake takes its own behaviour type; a Turn is valid for all three.)
  fakes[format].behave(choose);
}

export function scriptText(fakes: Fakes, format: TargetFormat, text: string): void {
  behave(fakes, format, () => ({ content: text }));
}

export interface ToolLoop {
  /** The call to make, given the tools offered; a string is why there is none. */
  call(tools: OfferedTool[]): FakeToolCall | string;
  /** The answer once the tool's result is back. */
  finalText: string;
}

/**
 * A tool call, then the final text. When the wanted tool is not offered the fake fails the
 * request with a 400 saying so: the CLI prints it and the test shows it.
 */
export function scriptToolLoop(fakes: Fakes, format: TargetFormat, loop: ToolLoop): void {
  behave(fakes, format, (request) => {
    if (carriesToolResult(format, request.body)) return { content: loop.finalText };
    const call = loop.call(offeredTools(format, request.body));
    if (typeof call === 'string') return { fail: { status: 400, message: call } };
    return { toolCall: call };
  });
}

/**
 * Arguments for a tool that takes one text (e.g. a freeform tool offered upstream as a function
 * with a single string parameter): that text under the schema's first string property.
 */
export function textArgument(tool: OfferedTool, text: string): string {
  const properties = (tool.schema?.properties ?? {}) as Record<string, Json>;
  const required = list(tool.schema?.required) as unknown as string[];
  const strings = Object.keys(properties).filter((k) => properties[k]?.type === 'string');
  const field = required.find((k) => strings.includes(k)) ?? strings[0] ?? 'input';
  return JSON.stringify({ [field]: text });
}
