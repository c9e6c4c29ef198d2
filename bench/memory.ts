/**
 * Memory of a process from /proc/<pid>/status (Linux): VmRSS sampled on an interval, and the
 * kernel's own high-water mark VmHWM, which also catches peaks between samples.
 */
import { readFileSync } from 'node:fs';

export interface MemoryReading {
  rssBytes: number;
  hwmBytes: number;
}

export interface MemorySummary {
  /** Peak resident set size as recorded by the kernel (VmHWM), MB. */
  peakRssMb: number | null;
  /** Largest VmRSS seen by sampling, MB. */
  sampledPeakRssMb: number | null;
  /** VmRSS when sampling started (after start-up and configuration), MB. */
  startRssMb: number | null;
  /** VmRSS at the last sample, MB. */
  endRssMb: number | null;
  samples: number;
  intervalMs: number;
}

const MB = 1024 * 1024;

function field(status: string, name: string): number | undefined {
  const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** Read the current memory of `pid`, or undefined when /proc is unavailable or it has exited. */
export function readMemory(pid: number): MemoryReading | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const rss = field(status, 'VmRSS');
  const hwm = field(status, 'VmHWM');
  if (rss === undefined) return undefined;
  return { rssBytes: rss, hwmBytes: hwm ?? rss };
}

const toMb = (bytes: number | undefined) =>
  bytes === undefined ? null : Math.round((bytes / MB) * 10) / 10;

/** Samples a process's RSS every `intervalMs` until stopped. */
export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private samples = 0;
  private start: number | undefined;
  private last: number | undefined;
  private peak: number | undefined;
  private hwm: number | undefined;
  /** Peak sampled RSS since the last `mark()`, for per-scenario peaks. */
  private sinceMark: number | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 200,
  ) {}

  begin(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Reset the per-scenario peak; returns the peak since the previous mark, in MB. */
  mark(): number | null {
    this.sample();
    const peak = toMb(this.sinceMark);
    this.sinceMark = undefined;
    return peak;
  }

  stop(): MemorySummary {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return {
      peakRssMb: toMb(this.hwm),
      sampledPeakRssMb: toMb(this.peak),
      startRssMb: toMb(this.start),
      endRssMb: toMb(this.last),
      samples: this.samples,
      intervalMs: this.intervalMs,
    };
  }

  private sample(): void {
    const reading = readMemory(this.pid);
    if (!reading) return;
    this.samples++;
    this.start ??= reading.rssBytes;
    this.last = reading.rssBytes;
    this.peak = Math.max(this.peak ?? 0, reading.rssBytes);
    this.sinceMark = Math.max(this.sinceMark ?? 0, reading.rssBytes);
    this.hwm = Math.max(this.hwm ?? 0, reading.hwmBytes);
  }
}
