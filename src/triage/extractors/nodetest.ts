/** node:test in its TAP (`not ok 1 - name` + YAML block) and spec (`✖ name (1.2ms)`) reporters. */
import type { LogLine } from '../normalize.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

const NOT_OK = /^(\s*)not ok \d+(?: -)? (.*?)(?: # (TODO|SKIP|todo|skip)\b.*)?$/;
const CROSS = /^(\s*)✖ (.+?)(?: \((?:\d+(?:\.\d+)?m?s)\))?$/;
const STACK_AT = /^\s*at (?:.*? \()?(?:file:\/\/)?([^()\s]+?):(\d+):(\d+)\)?$/;

function indentOf(s: string): number {
  return /^\s*/.exec(s)?.[0].length ?? 0;
}

function unquote(v: string): string {
  const s = v.trim();
  if ((s.startsWith("'") && s.endsWith("'")) || (s.startsWith('"') && s.endsWith('"'))) {
    const inner = s.slice(1, -1);
    return s.startsWith("'") ? inner.replace(/''/g, "'") : inner.replace(/\\"/g, '"').replace(/\\n/g, '\n');
  }
  return s;
}

function stackLocation(t: string): { file: string; line: number } | undefined {
  const m = STACK_AT.exec(t);
  // A browser's frames name served URLs (testem's `http://localhost:7357/assets/tests.js`), not files.
  if (!m || m[1].startsWith('node:') || /node_modules|:\/\//.test(m[1])) return undefined;
  return { file: m[1], line: Number(m[2]) };
}

function tap(lines: LogLine[], i: number, m: RegExpExecArray): Found | undefined {
  const base = m[1].length;
  const fields: Record<string, string> = {};
  let j = i + 1;
  let end = i;
  if (j < lines.length && lines[j].text.trim() === '---') {
    let key = '';
    let keyIndent: number | undefined;
    // `...` closes the block at the indent of its `---` (testem indents both by 4).
    const close = Math.max(base + 2, indentOf(lines[j].text));
    for (j = j + 1; j < lines.length && j < i + 300; j++) {
      const t = lines[j].text;
      if (t.trim() === '...' && indentOf(t) <= close) {
        end = j;
        break;
      }
      // QUnit aligns its values: `actual  : 2`.
      const kv = /^\s*([A-Za-z_]+) *: ?(.*)$/.exec(t);
      // Keys sit one level under `not ok` (node:test indents by 2, tape by 4).
      keyIndent ??= kv ? indentOf(t) : undefined;
      if (kv && indentOf(t) === keyIndent) {
        key = kv[1];
        fields[key] = /^[|>][-+]?\d?$/.test(kv[2]) ? '' : unquote(kv[2]);
      } else if (key) {
        fields[key] = fields[key] ? `${fields[key]}\n${t.trim()}` : t.trim();
      }
      end = j;
    }
  }
  if (fields.type === 'suite' || fields.failureType === 'subtestsFailed') return undefined;
  const loc = /^(?:.*\()?(.*?):(\d+):\d+\)?$/.exec(fields.location ?? fields.at ?? '');
  // QUnit puts the frames of a test that died into its message.
  const stackLoc = `${fields.stack ?? ''}\n${fields.message ?? ''}`
    .split('\n')
    .map(s => stackLocation(`at ${s}`))
    .find(Boolean);
  return clean({
    tool: fields.duration_ms !== undefined ? 'node:test' : 'tap',
    errorType: fields.name || fields.code || undefined,
    message: (
      fields.error ??
      fields.message ??
      (fields.operator
        ? `${fields.operator}: expected ${fields.expected ?? '?'}, actual ${fields.actual ?? '?'}`
        : 'failed')
    )
      .replace(/\n+$/, '')
      .replace(/\nat \S.*$/gm, '')
      .trim(),
    file: stackLoc?.file ?? loc?.[1]?.replace(/^file:\/\//, ''),
    line: stackLoc?.line ?? (loc ? Number(loc[2]) : undefined),
    // testem prints `not ok 2 Chrome 120.0 - [12 ms] - Module: test`: the name is the last part.
    testName: m[2].trim().replace(/^(?:[^[]* - )?\[\d+ ms\] - /, ''),
    start: i,
    end
  });
}

function spec(lines: LogLine[], i: number, m: RegExpExecArray): Found | undefined {
  const base = m[1].length;
  const body: string[] = [];
  let end = i;
  let loc: { file: string; line: number } | undefined;
  for (let j = i + 1; j < lines.length && j < i + 200; j++) {
    const t = lines[j].text;
    if (t.trim() !== '' && indentOf(t) <= base) break;
    end = j;
    if (/^\s*at /.test(t)) {
      loc ??= stackLocation(t);
      continue;
    }
    if (loc || /^\s*[{}]|^\s+\w+: .*,$/.test(t)) continue;
    body.push(t.trim());
  }
  while (end > i && lines[end].text.trim() === '') end--;
  const text = body.join('\n').trim();
  if (!text || /^'?\d+ subtests? failed'?$/.test(text)) return undefined;
  const first = splitTyped(text);
  return clean({
    tool: 'node:test',
    errorType: first.errorType,
    message: first.message.trim(),
    file: loc?.file,
    line: loc?.line,
    testName: m[2].trim(),
    start: i,
    end
  });
}

/** The nodetest extractor (see the module comment for the formats it reads). */
export const nodetest: Extractor = {
  tool: 'node:test',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.indexOf('not ok ') >= 0) {
        const m = NOT_OK.exec(t);
        // A failed TODO (or skipped) test is not a failure of the run.
        const f = m && !m[3] && tap(lines, i, m);
        if (f) out.push(f);
      } else if (t.indexOf('✖ ') >= 0) {
        const m = CROSS.exec(t);
        if (!m || /^\d+ problems?\b|^failing tests:$/.test(m[2])) continue;
        const f = spec(lines, i, m);
        if (f) out.push(f);
      }
    }
    return out;
  }
};
