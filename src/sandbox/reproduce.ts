/** Did the CI failure happen again in the sandbox? The same failing tests or the same error, not any red. */
import { stripAnsi } from '../triage/ansi.js';
import type { Failure, Reproduction } from '../types.js';
import type { ProjectSpec, RunReport, Sandbox } from './port.js';

/** A reproduction with what was seen (added fields; a `Reproduction` where one is expected). */
export interface ReproductionDetail extends Reproduction {
  /** Failures read from the sandbox output. */
  failures: Failure[];
  /** The expected failures seen again. */
  matched: Failure[];
  phase: 'install' | 'test';
  timedOut: boolean;
  /** The run's test reports (JUnit XML), for the accounting of the failing tests. */
  reports?: RunReport[];
}

/** Knobs of `reproduce`; all optional. */
export interface ReproduceOptions {
  timeoutMs?: number;
  /** Characters of output kept in `outputTail` (default 32000, cut at a line start). */
  tailChars?: number;
}

const DEFAULT_TAIL = 32_000;
// Exit codes of a shell that could not run the command at all: the image lacks the tool.
const NOT_RUNNABLE = new Set([126, 127]);

/**
 * Runs the project's tests in `sandbox` on a copy of `workdir` and decides whether the failure
 * `expected` (the triage's failures) reproduced: at least one of them is seen again, by test name,
 * by error type and message, or by error type and file. With no `expected`, any failing test run
 * counts. `extract` reads failures from output (the triage's `extractFailures`).
 */
export async function reproduce(
  sandbox: Sandbox,
  workdir: string,
  spec: ProjectSpec,
  expected: Failure[] | undefined,
  extract: (text: string) => Failure[],
  opts: ReproduceOptions = {}
): Promise<ReproductionDetail> {
  const r = await sandbox.run({ workdir, spec, timeoutMs: opts.timeoutMs });
  let failures: Failure[] = [];
  try {
    failures = extract(r.output);
  } catch {
    // an extractor bug must not turn into a heal error; the text comparison below still works
  }
  const digest = r.image === 'host' ? undefined : await imageDigest(sandbox, r.image);
  const base = {
    command: r.phase === 'install' ? (spec.install ?? spec.test) : spec.test,
    image: r.image,
    ...(digest ? { imageDigest: digest } : {}),
    exitCode: r.exitCode,
    durationMs: r.durationMs,
    outputTail: tail(r.output, opts.tailChars ?? DEFAULT_TAIL),
    failures,
    phase: r.phase,
    timedOut: r.timedOut,
    ...(r.reports && r.reports.length > 0 ? { reports: r.reports } : {})
  };
  const want = expected ?? [];
  const matched = want.filter(e => failures.some(f => sameFailure(e, f)) || seenInText(e, r.output));
  const where = r.image === 'host' ? 'on the host' : `in ${r.image}`;
  const no = (reason: string): ReproductionDetail => ({ ...base, reproduced: false, matched, reason });
  const yes = (reason: string): ReproductionDetail => ({ ...base, reproduced: true, matched, reason });

  if (r.timedOut) {
    return no(
      `The ${r.phase} phase timed out ${where} (${Math.round(r.durationMs / 1000)}s): cannot confirm the failure.`
    );
  }
  if (r.exitCode === 0) {
    return no(
      `The tests pass ${where} (exit 0): the failure did not reproduce. Likely flaky or environmental ` +
        `(services, secrets, network, runner image).`
    );
  }
  if (want.length > 0 && matched.length > 0) {
    const part = matched.length < want.length ? ` (${matched.length} of ${want.length} failures)` : '';
    return yes(`Reproduced ${where}: ${describe(matched[0])}${part}.`);
  }
  if (r.phase === 'install') {
    return no(
      `Install failed ${where} (exit ${r.exitCode}) before the tests ran: environmental ` +
        `(${lastLine(r.output) || 'no output'}).`
    );
  }
  if (NOT_RUNNABLE.has(r.exitCode)) {
    return no(
      `The test command could not run ${where} (exit ${r.exitCode}: ${lastLine(r.output) || 'not found'}): ` +
        `wrong image or missing tool.`
    );
  }
  // A run that prints nothing (or only NULs) is still a failing run: say so rather than quote nothing.
  const silent = r.output.replace(/\0/g, '').trim() === '';
  if (want.length === 0) {
    const what =
      failures.length > 0
        ? `${failures.length} failure(s), first: ${describe(failures[0])}`
        : silent
          ? `exit ${r.exitCode} with no output at all (nothing to diagnose from)`
          : `exit ${r.exitCode}`;
    return yes(`The tests fail ${where}: ${what}.`);
  }
  const seen =
    failures.length > 0
      ? `${describe(failures[0])}`
      : silent
        ? `exit ${r.exitCode} with no output at all`
        : `exit ${r.exitCode}, no failure recognised`;
  return no(
    `The tests fail ${where}, but not as in CI (CI: ${describe(want[0])}; sandbox: ${seen}). Likely environmental.`
  );
}

/** The image by digest, or undefined: a sandbox that cannot tell, or fails to, loses nothing else. */
async function imageDigest(sandbox: Sandbox, image: string): Promise<string | undefined> {
  try {
    return await sandbox.imageDigest?.(image);
  } catch {
    return undefined;
  }
}

/** True when two failures are the same one: same test, or same error type and message or file. */
export function sameFailure(a: Failure, b: Failure): boolean {
  if (a.testName && b.testName && sameTest(a.testName, b.testName)) return true;
  const ta = errorType(a.errorType);
  const tb = errorType(b.errorType);
  if (ta && tb && ta !== tb) return false;
  const msg = similarMessage(a.message, b.message);
  if (ta && tb) return msg || (a.file !== undefined && b.file !== undefined && samePath(a.file, b.file));
  // At most one side is typed: the message must agree, and the file when both name one.
  return msg && (a.file === undefined || b.file === undefined || samePath(a.file, b.file));
}

/** The failure's test name or its message (as a whole, not a word) appears in the output. */
function seenInText(e: Failure, output: string): boolean {
  const text = normalizeText(output);
  if (e.testName) {
    const last = lastSegment(e.testName);
    if (
      last.length >= 6 &&
      new RegExp(`(^|[^\\w])${escapeRe(normalizeText(last))}($|[^\\w])`, 'm').test(text)
    ) {
      // A test name alone is also printed by passing runs; require a failure word on its line.
      const line = text.split('\n').find(l => l.includes(normalizeText(last)));
      if (line && /fail|error|✖|not ok/.test(line)) return true;
    }
  }
  const m = normalizeText(e.message);
  return m.length >= 24 && text.includes(m);
}

function sameTest(a: string, b: string): boolean {
  const na = normalizeTest(a);
  const nb = normalizeTest(b);
  if (na === nb) return true;
  // A CI job in a sub-folder reports `backend/tests/x.py::t`, the sandbox `tests/x.py::t`.
  const [long, short] = na.length >= nb.length ? [na, nb] : [nb, na];
  return long.endsWith(short) && /[/\s:.>]$/.test(long.slice(0, long.length - short.length) || '/');
}

function normalizeTest(t: string): string {
  return t.trim().replace(/\s+/g, ' ').replace(/\\/g, '/').replace(/^\.\//, '');
}

function lastSegment(t: string): string {
  return (
    t
      .split(/::|#| > /)
      .pop()
      ?.trim() ?? t
  );
}

function errorType(t: string | undefined): string | undefined {
  return t?.trim().split('.').pop()?.toLowerCase() || undefined;
}

function samePath(a: string, b: string): boolean {
  const na = normalizePath(a);
  const nb = normalizePath(b);
  if (na === nb) return true;
  const [long, short] = na.length >= nb.length ? [na, nb] : [nb, na];
  return long.endsWith(`/${short}`);
}

function normalizePath(p: string): string {
  return p
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .replace(/^\/+/, '')
    .replace(/:\d+(:\d+)?$/, '');
}

// Where CI and the sandbox put the same tree: absolute prefixes are dropped before comparing.
const ROOTS =
  /(?:\/home\/runner\/work\/[^/\s]+\/[^/\s]+\/|\/__w\/[^/\s]+\/[^/\s]+\/|[A-Za-z]:\\a\\[^\\\s]+\\[^\\\s]+\\|\/Users\/runner\/work\/[^/\s]+\/[^/\s]+\/|\/work\/|\/\S*?\/nightwatch-sbx-[^/\s]+\/work\/)/g;

function normalizeText(s: string): string {
  return stripAnsi(s).replace(ROOTS, '').replace(/\r/g, '').toLowerCase();
}

function normalizeMessage(s: string): string {
  return normalizeText(s)
    .replace(/0x[0-9a-f]+/g, '0x')
    .replace(/\s+/g, ' ')
    .replace(/(\.\.\.|…)\s*$/, '')
    .trim();
}

function similarMessage(a: string, b: string): boolean {
  const na = normalizeMessage(a);
  const nb = normalizeMessage(b);
  if (!na || !nb) return false;
  if (na === nb) return true;
  // Summary lines are cut to the terminal width: a long enough prefix counts.
  const [long, short] = na.length >= nb.length ? [na, nb] : [nb, na];
  if (short.length >= 12 && long.startsWith(short)) return true;
  const wa = new Set(na.split(/\W+/).filter(Boolean));
  const wb = new Set(nb.split(/\W+/).filter(Boolean));
  const common = [...wa].filter(w => wb.has(w)).length;
  const union = new Set([...wa, ...wb]).size;
  return union >= 4 && common / union >= 0.8;
}

function describe(f: Failure): string {
  const what = [f.errorType, f.message].filter(Boolean).join(': ');
  const where = f.testName ?? (f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : undefined);
  const text = where ? `${where} — ${what}` : what;
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(text.length - max);
  const nl = cut.indexOf('\n');
  return nl >= 0 && nl < 2000 ? cut.slice(nl + 1) : cut;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim().slice(0, 200);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
