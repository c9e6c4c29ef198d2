/** The benchmark's result document, its text table, and the JSON file under bench/results/. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScenarioResult } from './load';
import type { MemorySummary } from './memory';

export interface Overhead {
  /** Gateway minus direct, ms. */
  addedLatencyMs: { p50: number; p99: number; mean: number };
  /** Gateway req/s divided by direct req/s. */
  throughputRatio: number;
}

export interface BenchReport {
  timestamp: string;
  settings: {
    connections: number;
    durationSec: number;
    warmupSec: number;
    database: 'embedded' | 'external';
  };
  environment: { node: string; platform: string; arch: string; cpus: number; cpuModel: string };
  scenarios: ScenarioResult[];
  gateway: {
    overhead: { nonStream: Overhead | null; stream: Overhead | null };
    memory: MemorySummary & { peakSampledRssMbByScenario: Record<string, number | null> };
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function overhead(direct?: ScenarioResult, gateway?: ScenarioResult): Overhead | null {
  if (!direct || !gateway) return null;
  return {
    addedLatencyMs: {
      p50: round2(gateway.latencyMs.p50 - direct.latencyMs.p50),
      p99: round2(gateway.latencyMs.p99 - direct.latencyMs.p99),
      mean: round2(gateway.latencyMs.mean - direct.latencyMs.mean),
    },
    throughputRatio:
      direct.requestsPerSec > 0
        ? Math.round((gateway.requestsPerSec / direct.requestsPerSec) * 1000) / 1000
        : 0,
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const fixed = (n: number, digits = 2) => n.toFixed(digits);
const mb = (n: number | null) => (n === null ? 'n/a' : `${fixed(n, 1)} MB`);

export function formatReport(report: BenchReport): string {
  const { settings, environment, scenarios, gateway } = report;
  const out: string[] = [];
  out.push(
    `Switchboard benchmark, ${report.timestamp}`,
    `${settings.connections} connections, ${settings.durationSec} s per scenario ` +
      `(+${settings.warmupSec} s warm-up), ${settings.database} Postgres, Node ${environment.node}, ` +
      `${environment.cpus} CPU (${environment.cpuModel})`,
    '',
    table(
      ['scenario', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'mean ms', 'errors'],
      scenarios.map((s) => [
        s.name,
        fixed(s.requestsPerSec, 1),
        fixed(s.latencyMs.p50),
        fixed(s.latencyMs.p90),
        fixed(s.latencyMs.p99),
        fixed(s.latencyMs.mean),
        String(s.errors),
      ]),
    ),
    '',
  );
  const rows: string[][] = [];
  for (const [label, o] of [
    ['non-stream', gateway.overhead.nonStream],
    ['stream', gateway.overhead.stream],
  ] as const) {
    if (!o) continue;
    rows.push([
      label,
      fixed(o.addedLatencyMs.p50),
      fixed(o.addedLatencyMs.p99),
      fixed(o.throughputRatio, 3),
    ]);
  }
  out.push(
    table(['gateway overhead', 'added p50 ms', 'added p99 ms', 'req/s gateway/direct'], rows),
    '',
  );
  const m = gateway.memory;
  out.push(
    `gateway memory: peak RSS ${mb(m.peakRssMb)} (VmHWM, includes start-up); ` +
      `sampled every ${m.intervalMs} ms: ${mb(m.startRssMb)} before load, ` +
      `peak ${mb(m.sampledPeakRssMb)}, ${mb(m.endRssMb)} at the end`,
  );
  const failed = scenarios.filter((s) => s.errors > 0);
  for (const s of failed) {
    out.push(
      `errors in ${s.name}: ${s.non2xx} non-2xx, ${s.connectionErrors} connection errors, ` +
        `${s.timeouts} timeouts; status codes ${JSON.stringify(s.statusCodes)}`,
    );
  }
  return out.join('\n');
}

/** Write the report as JSON to `<dir>/<timestamp>.json` (colons replaced, for portability). */
export async function writeReport(dir: string, report: BenchReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${report.timestamp.replace(/:/g, '-')}.json`);
  await writeFile(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}
