/**
 * What every command shares: the program's name, its exit codes, and argument parsing that turns
 * every mistake into a UsageError that names the problem and the command's usage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The installed command (package.json bin). `nightwatch` itself is Nightwatch.js's command. */
export const PROGRAM = 'nightwatch-ci';

/** Exit codes, one per outcome (README, "The CLI"). */
export const EXIT = {
  /** heal: fixed, or the tests pass (nothing to heal); diagnose and the state commands: done. */
  ok: 0,
  /** Something failed that is not the input's fault (git, Docker, the file system, a bug). */
  internal: 1,
  /** Bad input: unknown command or option, a missing argument, a bad number, a path that does not exist. */
  usage: 2,
  /** heal: the failure reproduced and no fix proved itself; nothing was committed. */
  escalated: 3,
  /** heal: the tests failed but the failure could not be reproduced as a known failing test. */
  notReproduced: 4
} as const;

/** Bad input on the command line: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommand {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** `values[name]` when it is a string. */
export function stringValue(parsed: ParsedCommand, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * `parseArgs` in strict mode, plus `-h/--help`. Node's errors (unknown option, missing value,
 * unexpected argument) become UsageErrors. Returns undefined when help was asked for.
 */
export function parseCommand(
  argv: string[],
  options: Options,
  usage: string,
  allowPositionals = false
): ParsedCommand | undefined {
  let parsed: ParsedCommand;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Node's own hint about '--' is about positionals, which most commands do not take.
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, '.'), usage);
  }
  if (parsed.values.help === true) return undefined;
  return parsed;
}

/** `--name VALUE` as an integer in [min, max]; a UsageError names the option, the value and the range. */
export function integerOption(name: string, raw: string, min: number, max: number, usage: string): number {
  const n = /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`Invalid --${name} '${raw}'. Expected a whole number from ${min} to ${max}.`, usage);
  }
  return n;
}

/** `--name VALUE` as a number in [min, max]. */
export function numberOption(name: string, raw: string, min: number, max: number, usage: string): number {
  const n = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`Invalid --${name} '${raw}'. Expected a number from ${min} to ${max}.`, usage);
  }
  return n;
}
