/**
 * TAP producers whose diagnostics are `#` comment lines rather than a YAML block:
 * Perl's Test::More / Test2 (`not ok 2 - name`, then `#   Failed test 'name'` / `#   at t/x.t line 4.`
 * and the got/expected lines; `prove` shows only the `#` lines, and a script that dies leaves its
 * message above `# Looks like your test exited with 255 …`), and bats (`not ok 2 name` then
 * `# (in test file test/x.bats, line 7)` and the failed command; its pretty formatter prints
 * `✗ name` with the same lines indented).
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const NOT_OK = /^\s*not ok \d+(?: -)? (.*?)(?: # (TODO|SKIP)\b.*)?$/i;
const MORE_FAILED = /^#\s+Failed (\(TODO\) )?test\b ?(.*)$/;
const MORE_AT = /^#\s+(?:at|in) (.+?) (?:at )?line (\d+)\.?$/;
const BATS_IN = /^in test file (.+), line (\d+)\)$/;
const LOOKS_DIED =
  /^# Looks like your test (?:exited with \d+ (?:just after \d+|before it could output anything)|died\b.*)\.$/;
const PERL_AT = / at (\S+?) line (\d+)\.$/;

interface Diag {
  end: number;
  file?: string;
  line?: number;
  name?: string;
  message: string;
}

/** `#`-comment lines from `i` on (at most 60): the diagnostics of one failed Test::More test. */
function moreDiag(lines: LogLine[], i: number, m: RegExpExecArray): Diag | undefined {
  if (m[1]) return undefined; // a failed TODO test is not a failure
  let rest = m[2].trim();
  let name: string | undefined;
  let file: string | undefined;
  let line: number | undefined;
  // `'name'` (quotes inside kept as printed), or unnamed `at t/x.t line 4.`, or the old `(t/x.t at line 4)`.
  if (rest.startsWith("'") && rest.lastIndexOf("'") > 0) {
    name = rest.slice(1, rest.lastIndexOf("'"));
    rest = rest.slice(rest.lastIndexOf("'") + 1).trim();
  }
  const inline = /^(?:at (.+?) line (\d+)\.|\((.+?) at line (\d+)\))$/.exec(rest);
  if (inline) {
    file = inline[1] ?? inline[3];
    line = Number(inline[2] ?? inline[4]);
  }
  let end = i;
  const body: string[] = [];
  for (let j = i + 1; j < lines.length && j <= i + 60; j++) {
    const t = lines[j].text;
    if (!t.startsWith('#') || MORE_FAILED.test(t) || t.startsWith('# Looks like ')) break;
    end = j;
    const at = file === undefined ? MORE_AT.exec(t) : null;
    if (at) {
      file = at[1];
      line = Number(at[2]);
      continue;
    }
    if (body.length < 8 && t.slice(1).trim()) body.push(t.slice(1).trim());
  }
  return { end, file, line, name, message: body.join('\n') || 'failed' };
}

/** The bats lines under a failed test: where it failed and the command (and output) that did. */
function batsDiag(lines: LogLine[], i: number, hashed: boolean): Diag | undefined {
  let file: string | undefined;
  let line: number | undefined;
  let end = i;
  const body: string[] = [];
  for (let j = i + 1; j < lines.length && j <= i + 60; j++) {
    const t = lines[j].text;
    if (hashed ? !t.startsWith('#') : !/^\s/.test(t) || /^\s*- |[✓✗] /.test(t)) break;
    if (t.trim() === '' && !hashed) break;
    end = j;
    const k = t.indexOf('in test file ');
    const at = k >= 0 && /^#?\s+\(?$/.test(t.slice(0, k)) ? BATS_IN.exec(t.slice(k)) : null;
    if (at) {
      file = at[1];
      line = Number(at[2]);
      continue;
    }
    const s = (hashed ? t.slice(1) : t).trim();
    if (j === i + 1 && !/^\(from function /.test(s)) return undefined;
    if (file !== undefined && s && body.length < 8) body.push(s);
  }
  if (file === undefined) return undefined;
  return { end, file, line, message: body.join('\n') || 'failed' };
}

/** A script that died: the lines it printed above Test::More's `# Looks like your test …`. */
function died(lines: LogLine[], i: number): Found | undefined {
  let top = i;
  // Test::More's own notes (no plan seen, planned N but ran M) stand between the message and this line.
  while (
    top > 0 &&
    top > i - 4 &&
    /^# (?:Tests were run but|Looks like you planned)/.test(lines[top - 1].text)
  )
    top--;
  let start = top;
  let cut = 0;
  for (let j = top - 1; j >= 0 && j >= top - 10; j--) {
    const t = lines[j].text;
    if (t.trim() === '' || t.startsWith('#') || /^\s*(?:not )?ok \d|^\d+\.\.\d+/.test(t)) break;
    // prove's `t/x.t ....... ` progress line: the message may follow it on the same line.
    const prog = /^\s*\S+ \.{2,} ?(.*)$/.exec(t);
    if (prog) {
      if (prog[1].trim()) [start, cut] = [j, t.length - prog[1].length];
      break;
    }
    start = j;
  }
  if (start === top) return undefined;
  const msg = lines
    .slice(start, top)
    .map((l, k) => (k === 0 ? l.text.slice(cut) : l.text).trim())
    .join('\n');
  const at = PERL_AT.exec(lines[start].text);
  return clean({
    tool: 'test-more',
    message: msg,
    file: at?.[1],
    line: at ? Number(at[2]) : undefined,
    start,
    end: i
  });
}

function found(tool: string, d: Diag, testName: string | undefined, start: number): Found {
  return clean({ tool, message: d.message, file: d.file, line: d.line, testName, start, end: d.end });
}

/** The tap extractor (see the module comment for the formats it reads). */
export const tap: Extractor = {
  tool: 'tap',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    const bare: { i: number; name: string }[] = [];
    const byName = new Map<string, Found>();
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      let m: RegExpExecArray | null;
      if (t.indexOf('not ok ') >= 0 && (m = NOT_OK.exec(t))) {
        const next = lines[i + 1]?.text ?? '';
        if (m[2]) {
          if (next.startsWith('#')) i = skipComments(lines, i + 1);
          continue;
        }
        const more = next.startsWith('#') ? MORE_FAILED.exec(next) : null;
        const d = more
          ? moreDiag(lines, i + 1, more)
          : next.startsWith('#')
            ? batsDiag(lines, i, true)
            : undefined;
        if (!d) {
          if (!next.startsWith('#')) bare.push({ i, name: m[1].trim() });
          continue;
        }
        const f = found(more ? 'test-more' : 'bats', d, m[1].trim(), i);
        out.push(f);
        byName.set(f.testName!, f);
        i = d.end;
      } else if (t.startsWith('#') && t.indexOf('Failed ') > 0 && (m = MORE_FAILED.exec(t))) {
        const d = moreDiag(lines, i, m);
        if (!d) continue;
        const f = found('test-more', d, d.name, i);
        out.push(f);
        if (d.name !== undefined) byName.set(d.name, f);
        i = d.end;
      } else if (t.startsWith('# Looks like your test ') && LOOKS_DIED.test(t)) {
        const f = died(lines, i);
        if (f) out.push(f);
      } else if (t.indexOf('✗ ') >= 0 && batsPretty(t)) {
        const d = batsDiag(lines, i, false);
        if (d) {
          out.push(found('bats', d, batsPretty(t), i));
          i = d.end;
        }
      }
    }
    // prove -v prints a test's `#` diagnostics (stderr) apart from its `not ok` line (stdout): one failure.
    for (const b of bare) {
      const f = byName.get(b.name);
      if (f) out.push({ ...f, more: undefined, start: b.i, end: b.i });
    }
    return out.sort((a, b) => a.start - b.start);
  }
};

/**
 * The test name of bats' pretty `✗ name` line; without a terminal, its progress line
 * (`   name 2/3`) and the verdict it was rewritten to end up on one line: `   name2/3 ✗ name`.
 */
function batsPretty(t: string): string | undefined {
  const k = t.lastIndexOf('✗ ');
  const before = t.slice(0, k);
  if (before.trim() !== '' && !/\d+\/\d+ $/.test(before)) return undefined;
  return t.slice(k + 2).trim() || undefined;
}

function skipComments(lines: LogLine[], j: number): number {
  let k = j;
  while (k + 1 < lines.length && k < j + 60 && lines[k + 1].text.startsWith('#')) k++;
  return k;
}
