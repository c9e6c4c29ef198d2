import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversionRig, useConversionRig } from '../../support/conversion-rig';
import { CliResult, expectSuccess } from './run-cli';
import { carriesToolResult, TargetFormat, TARGETS, upstreamModel } from './scripted-turns';
import { usageFrom } from './usage';

type UsageSince = Awaited<ReturnType<typeof usageFrom>>;

export interface CliRig {
  rig: ConversionRig;
  /** The name of the gateway key the CLI uses (`rig.key`). */
  keyName: string;
  /** A fresh, empty working directory for the CLI, one per test. */
  cwd(): string;
  /** Start counting usage rows: the checks below compare with what came after. */
  usage(): Promise<UsageSince>;
}

/**
 * The world of one CLI run: the gateway and the fakes (a conversion rig) with the model entry
 * `served` routed to `format`'s target, and an empty working directory per test.
 */
export function useCliRig(keyName: string, served: string, format: TargetFormat): CliRig {
  const rig = useConversionRig({ keyName, models: { [served]: [TARGETS[format]] } });
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), `switchboard-${keyName}-cwd-`));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return { rig, keyName, cwd: () => dir, usage: () => usageFrom(rig.gateway.db) };
}

/**
 * A run the fake answered with one text turn: the CLI succeeded and printed it, the upstream got
 * one request for the target's model, and one usage row names the model the CLI asked for.
 */
export async function expectOneTurn(
  cli: CliRig,
  format: TargetFormat,
  usage: UsageSince,
  result: CliResult,
  expected: { answer: string; requestedModel: string },
): Promise<void> {
  expectSuccess(result);
  expect(result.stdout).toContain(expected.answer);
  const upstream = cli.rig.fakes[format].chatRequests;
  expect(upstream).toHaveLength(1);
  expect(upstreamModel(upstream[0])).toBe(TARGETS[format].model);
  const [row] = await usage.newRows(1);
  expect(row).toMatchObject({
    key_name: cli.keyName,
    model: expected.requestedModel,
    provider: TARGETS[format].provider,
    upstream_model: TARGETS[format].model,
    status: 200,
    stream: true,
  });
  expect(row.prompt_tokens).toBeGreaterThan(0);
}

/**
 * A tool loop: the CLI succeeded and printed the final answer, the second upstream request
 * carried the tool's result, and both turns have a usage row for the model the CLI asked for.
 */
export async function expectToolLoop(
  cli: CliRig,
  format: TargetFormat,
  usage: UsageSince,
  result: CliResult,
  expected: { finalText: string; requestedModel: string },
): Promise<void> {
  expectSuccess(result);
  expect(result.stdout).toContain(expected.finalText);
  const upstream = cli.rig.fakes[format].chatRequests;
  expect(upstream).toHaveLength(2);
  expect(carriesToolResult(format, upstream[1].body)).toBe(true);
  const rows = await usage.newRows(2);
  expect(rows.map((r) => [r.model, r.provider, r.status])).toEqual([
    [expected.requestedModel, TARGETS[format].provider, 200],
    [expected.requestedModel, TARGETS[format].provider, 200],
  ]);
}
