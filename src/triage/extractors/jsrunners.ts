/**
 * JavaScript runners with their own console reports: Jasmine (`Failures:`, then `1) Suite spec`
 * with `Message:` and `Stack:` under it) and AVA (`✘ [fail]: title message` lines, `✖ title message`
 * before AVA 4, then after a `─` rule each failure as `  title`, `  file.js:12`, the code around it
 * and the message), and Karma's progress and dots reporters (`Browser 1.2 (OS) Suite spec FAILED`
 * and the spec's log under it, indented by a tab).
 */
import type { LogLine } from '../normalize.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

const JASMINE_ITEM = /^(\s*)\d+\) (.+)$/;
const JASMINE_END = /^\s*\d+\) |^\d+ specs?, \d+ failures?/;
const FRAME = /^\s*at (?:.*? \()?(?:file:\/\/)?([^()\s]+?):(\d+):(\d+)\)?$/;
const AVA_FAIL = /^\s*(?:✘ \[fail\]:|✖) (.+)$/;
const AVA_LOC = /^\s*([^\s:]+\.[cm]?[jt]sx?):(\d+)$/;

function frame(t: string): { file: string; line: number } | undefined {
  const m = FRAME.exec(t);
  if (!m || m[1].startsWith('node:') || /node_modules|^<|^internal\//.test(m[1])) return undefined;
  // Karma serves bundles: a webpack URL names its source after `webpack:/`; other URLs no file.
  const w = m[1].indexOf('/webpack:/');
  const file = w >= 0 ? m[1].slice(w + 10).replace(/^[./]+/, '') : m[1];
  if (!file || file.indexOf('://') >= 0) return undefined;
  return { file, line: Number(m[2]) };
}

/** A Karma spec failure: `Browser 1.2 (OS) Suite spec FAILED`, then its log indented by a tab. */
function karma(lines: LogLine[], i: number, t: string): Found | undefined {
  const k = t.indexOf(') ');
  if (k < 0 || t.lastIndexOf('(', k) < 0) return undefined;
  const name = t.slice(k + 2, -' FAILED'.length).trim();
  if (!name || !(lines[i + 1]?.text ?? '').startsWith('\t')) return undefined;
  let end = i;
  const msg: string[] = [];
  let loc: { file: string; line: number } | undefined;
  for (let j = i + 1; j < lines.length && j <= i + 80 && lines[j].text.startsWith('\t'); j++) {
    end = j;
    const l = lines[j].text;
    if (/^\s*at /.test(l)) loc ??= frame(l);
    else if (msg.length < 8 && !loc) msg.push(l.trim());
  }
  return runnerFailure('karma', msg, loc, name, i, end);
}

/** A runner's failure from its message lines (`Type: message` read off the first) and first project frame. */
function runnerFailure(
  tool: string,
  msg: string[],
  loc: { file: string; line: number } | undefined,
  testName: string,
  start: number,
  end: number
): Found {
  const first = splitTyped(msg.join('\n'));
  return clean({
    tool,
    errorType: first.errorType,
    message: first.message || 'failed',
    file: loc?.file,
    line: loc?.line,
    testName,
    start,
    end
  });
}

/** A Jasmine failure: `1) Suite spec` with `Message:` (and `Stack:`) indented under it. */
function jasmine(lines: LogLine[], i: number, name: string): Found | undefined {
  let j = i + 1;
  while (j < lines.length && j < i + 3 && lines[j].text.trim() === '') j++;
  if (!/^\s+Message:$/.test(lines[j]?.text ?? '')) return undefined;
  let end = j;
  let inStack = false;
  const msg: string[] = [];
  let loc: { file: string; line: number } | undefined;
  for (let k = j + 1; k < lines.length && k <= i + 80; k++) {
    const t = lines[k].text;
    if (t.trim() === '' || JASMINE_END.test(t)) break;
    end = k;
    if (/^\s+Stack(?:trace)?:$/.test(t)) inStack = true;
    else if (/^\s+Message:$/.test(t)) inStack = false;
    else if (inStack) loc ??= frame(t);
    else if (msg.length < 8 && !loc) msg.push(t.trim());
  }
  return runnerFailure('jasmine', msg, loc, name, i, end);
}

/** An AVA failure's report under the `─` rule: its title, its `file:line`, code and message. */
function ava(lines: LogLine[], i: number, summary: string): Found | undefined {
  let j = i + 1;
  while (j < lines.length && j < i + 3 && lines[j].text.trim() === '') j++;
  const title = lines[j]?.text.trim() ?? '';
  if (!title || (summary !== title && !summary.startsWith(`${title} `))) return undefined;
  let k = j + 1;
  while (k < lines.length && k < j + 3 && lines[k].text.trim() === '') k++;
  const at = AVA_LOC.exec(lines[k]?.text ?? '');
  let end = at ? k : j;
  const msg: string[] = [];
  let blanks = 0;
  for (let n = end + 1; n < lines.length && n <= j + 80; n++) {
    const t = lines[n].text;
    if (t.trim() === '─') break;
    if (t.trim() === '') {
      if (++blanks >= 2) break;
      continue;
    }
    blanks = 0;
    end = n;
    if (/^\s*(?:\d+:|at) |^\s*›/.test(t)) continue;
    if (msg.length < 6) msg.push(t.trim());
  }
  return clean({
    tool: 'ava',
    message: msg.join('\n') || 'failed',
    file: at?.[1],
    line: at ? Number(at[2]) : undefined,
    testName: title,
    start: j,
    end
  });
}

/** The jsrunners extractor (see the module comment for the formats it reads). */
export const jsrunners: Extractor = {
  tool: 'jsrunners',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let failures = false;
    let avaFirst: string | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      let m: RegExpExecArray | null;
      if (t === 'Failures:') {
        failures = true;
      } else if (failures && t.indexOf(') ') >= 0 && (m = JASMINE_ITEM.exec(t)) && m[1].length <= 2) {
        const f = jasmine(lines, i, m[2].trim());
        if (f) {
          out.push(f);
          i = f.end;
        }
      } else if (failures && /^\d+ specs?, \d+ failures?/.test(t)) {
        failures = false;
      } else if (t.endsWith(' FAILED') && t.indexOf(') ') > 0) {
        const f = karma(lines, i, t);
        if (f) {
          out.push(f);
          i = f.end;
        }
      } else if ((t.indexOf('✘ [fail]: ') >= 0 || t.indexOf('✖ ') >= 0) && (m = AVA_FAIL.exec(t))) {
        avaFirst ??= m[1].trim();
      } else if (avaFirst !== undefined && t.trim() === '─') {
        // The reports follow in the order of the `✘ [fail]:` lines: the first is read.
        const f = ava(lines, i, avaFirst);
        if (f) out.push(f);
        avaFirst = undefined;
      }
    }
    return out;
  }
};
