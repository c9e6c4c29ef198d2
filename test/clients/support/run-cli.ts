import { spawn } from 'node:child_process';

/** How one CLI run ended, with everything it printed. */
export interface CliResult {
  command: string;
  /** null when it was killed (see `timedOut`). */
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd: string;
  /**
   * The whole environment (with OFFLINE_ENV): nothing of the test process leaks in (no real HOME,
   * no proxies of its own).
   */
  env: Record<string, string>;
  timeoutMs: number;
}

/**
 * Proxy variables that keep a CLI off the network but for the gateway on 127.0.0.1: whatever else
 * it tries (update checks, telemetry, plugin syncs) is refused at once by a closed local port.
 */
export const OFFLINE_ENV: Record<string, string> = {
  HTTPS_PROXY: 'http://127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
  ALL_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost',
};

/** Run a CLI to its end with stdin closed, killing it after `timeoutMs`. */
export function runCli(bin: string, args: string[], options: RunCliOptions): Promise<CliResult> {
  const command = [bin, ...args].map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: options.cwd,
      env: { ...OFFLINE_ENV, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ command, exitCode, timedOut, stdout, stderr });
    });
  });
}

/** The run as text for a failure message. */
export function describeRun(result: CliResult): string {
  const end = result.timedOut ? 'was killed after its time limit' : `exited ${result.exitCode}`;
  const tail = (text: string) => (text.length > 4000 ? `…${text.slice(-4000)}` : text);
  return [
    `${result.command} ${end}`,
    `--- stdout ---\n${tail(result.stdout.trim())}`,
    `--- stderr ---\n${tail(result.stderr.trim())}`,
  ].join('\n');
}

/** Throws with the CLI's whole output unless it exited 0. */
export function expectSuccess(result: CliResult): void {
  if (result.exitCode !== 0 || result.timedOut) throw new Error(describeRun(result));
}
