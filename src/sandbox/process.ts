/** Runs one outside program with a wall-clock limit and bounded, combined output capture. */
import { spawn } from 'node:child_process';

/** What one program run gave back. */
export interface ProcessResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in arrival order. */
  output: string;
  exitCode: number;
  timedOut: boolean;
  durationMs: number;
}

/** How to run one program. */
export interface ProcessOptions {
  cwd?: string;
  /** The complete environment of the child; never defaulted to this process's own. */
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Called once when the time is up, before the child is killed (e.g. `docker rm -f`). */
  onTimeout?: () => Promise<void>;
  /** Own process group, so a timeout kills the whole tree (POSIX). */
  processGroup?: boolean;
  /** Run the child as this user and group (POSIX, needs root). */
  uid?: number;
  gid?: number;
  /** Output kept per stream and combined (bytes); the middle is dropped beyond it. */
  maxOutputBytes?: number;
}

/** Exit code reported for a run killed at its time limit (timeout(1)'s convention). */
export const TIMEOUT_EXIT_CODE = 124;
const DEFAULT_MAX_OUTPUT = 8 * 1024 * 1024;
// How long to wait for the pipes to close once the child has exited: a background grandchild
// that inherited them must not hold the run open.
const DRAIN_MS = 2000;
const KILL_GRACE_MS = 5000;

/** Keeps the head and the tail of a stream: failures are at the end, the command at the start. */
class Capture {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    const headMax = Math.floor(this.max / 8);
    if (this.headBytes < headMax) {
      const take = chunk.subarray(0, headMax - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const tailMax = this.max - headMax;
    while (this.tailBytes > tailMax && this.tail.length > 0) {
      const first = this.tail[0];
      const excess = this.tailBytes - tailMax;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.dropped += excess;
      }
    }
  }

  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    return this.dropped > 0
      ? `${head}\n[... ${this.dropped} bytes of output dropped ...]\n${tail}`
      : head + tail;
  }
}

/** Runs `command args` without a shell; a program that cannot start gives exit code 127. */
export function runProcess(command: string, args: string[], opts: ProcessOptions): Promise<ProcessResult> {
  const max = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const out = new Capture(max);
  const err = new Capture(max);
  const all = new Capture(max);
  const started = Date.now();
  return new Promise<ProcessResult>(resolve => {
    let timedOut = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: opts.processGroup === true && process.platform !== 'win32',
      ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
      ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
      windowsHide: true
    });
    const kill = (): void => {
      try {
        if (opts.processGroup && process.platform !== 'win32' && child.pid !== undefined) {
          process.kill(-child.pid, 'SIGKILL');
        } else {
          child.kill('SIGKILL');
        }
      } catch {
        // already gone
      }
    };
    const finish = (exitCode: number, extra?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      if (extra) {
        const b = Buffer.from(extra);
        err.push(b);
        all.push(b);
      }
      // Leave nothing behind: stray background processes of the run die with it.
      if (opts.processGroup) kill();
      resolve({
        stdout: out.text(),
        stderr: err.text(),
        output: all.text(),
        exitCode: timedOut ? TIMEOUT_EXIT_CODE : exitCode,
        timedOut,
        durationMs: Date.now() - started
      });
    };
    child.stdout.on('data', (c: Buffer) => {
      out.push(c);
      all.push(c);
    });
    child.stderr.on('data', (c: Buffer) => {
      err.push(c);
      all.push(c);
    });
    child.on('error', e => finish(127, `${command}: ${e.message}\n`));
    child.on('exit', (code, signal) => {
      drainTimer = setTimeout(() => finish(code ?? (signal ? 128 + 9 : 1)), DRAIN_MS);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 + 9 : 1)));
    if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        const onTimeout = opts.onTimeout ?? ((): Promise<void> => Promise.resolve());
        void onTimeout()
          .catch(() => undefined)
          .finally(() => {
            if (settled) return;
            if (opts.onTimeout) {
              // The hook should have ended the child; make sure of it after a grace period.
              killTimer = setTimeout(kill, KILL_GRACE_MS);
            } else {
              kill();
            }
          });
      }, opts.timeoutMs);
    }
  });
}
