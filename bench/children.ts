/**
 * Child processes of the benchmark: the fake upstream and the gateway. Every child is started in
 * its own process group and registered, so that `stopAll` can end it (and anything it started,
 * such as the embedded Postgres) on success, on error and on Ctrl-C, within a bounded time.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last lines the child wrote (stdout and stderr), for error reports. */
  readonly tail: string[];
  /** Resolves with the exit code (or signal) when the child exits. */
  readonly exited: Promise<string>;
}

const children: Child[] = [];
const TAIL_LINES = 60;
/** Lines of child output echoed live to stderr; the rest only go to the tail. */
const ECHO_LINES = 20;

function capture(child: ChildProcess, name: string, tail: string[]): void {
  let echoed = 0;
  const onData = (data: Buffer) => {
    for (const line of data.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      if (echoed < ECHO_LINES) {
        echoed++;
        process.stderr.write(`[${name}] ${line}\n`);
        if (echoed === ECHO_LINES) process.stderr.write(`[${name}] (further output not shown)\n`);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
}

function register(name: string, child: ChildProcess): Child {
  const tail: string[] = [];
  capture(child, name, tail);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
    child.once('error', (err) => resolve(`error ${err.message}`));
  });
  const entry: Child = { name, process: child, tail, exited };
  children.push(entry);
  return entry;
}

/** Start a Node script with an IPC channel (for scripts that report their port). */
export function forkScript(name: string, script: string, env: NodeJS.ProcessEnv): Child {
  const child = fork(script, [], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return register(name, child);
}

/** Start a Node program without IPC. */
export function spawnNode(name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return register(name, child);
}

/** Wait for the first IPC message of a forked child, failing if it exits or takes too long. */
export function firstMessage<T>(child: Child, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${child.name} did not report within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.process.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as T);
    });
    void child.exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`${child.name} exited (${how}) before it was ready`));
    });
  });
}

/** Signal a child's whole process group (it was started detached, as the group's leader). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // No process left in the group.
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Stop one child: SIGTERM, then SIGKILL to its whole process group once it has exited or after
 * `graceMs`, so nothing it started survives.
 */
export async function stopChild(child: Child, graceMs: number): Promise<void> {
  // SIGTERM to the child alone: it stops what it started itself (the gateway drains, flushes
  // usage, then stops its embedded Postgres, which must not be signalled before that).
  if (isRunning(child.process)) child.process.kill('SIGTERM');
  const stopped = await Promise.race([
    child.exited.then(() => true),
    delay(graceMs).then(() => false),
  ]);
  // Also end whatever the child may have left behind in its group (e.g. a Postgres server).
  signalGroup(child.process, 'SIGKILL');
  if (!stopped)
    process.stderr.write(`bench: ${child.name} did not stop in ${graceMs} ms; killed\n`);
}

/** Stop every child still registered, the most recently started first. */
export async function stopAll(graceMs: number): Promise<void> {
  for (const child of [...children].reverse()) {
    await stopChild(child, graceMs);
    // Unregistered only once stopped, so killAllNow still covers it if we exit meanwhile.
    children.splice(children.indexOf(child), 1);
  }
}

/** Last resort on process exit: synchronously SIGKILL every registered child group. */
export function killAllNow(): void {
  for (const child of children) signalGroup(child.process, 'SIGKILL');
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
