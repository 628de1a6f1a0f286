/** All extractors, in priority order: a failure found by an earlier one wins over a later one's on the same lines. */
import type { Failure } from '../../types.js';
import type { LogLine } from '../normalize.js';
import { annotations } from './annotations.js';
import { cargo } from './cargo.js';
import { compiler } from './compiler.js';
import { dart } from './dart.js';
import { deps } from './deps.js';
import { docker } from './docker.js';
import { dotnet } from './dotnet.js';
import { erlang } from './erlang.js';
import { eslint } from './eslint.js';
import { format } from './format.js';
import { frameworks } from './frameworks.js';
import { gotest } from './go.js';
import { golint } from './golint.js';
import { haskell } from './haskell.js';
import { jest } from './jest.js';
import { jsrunners } from './jsrunners.js';
import { junit } from './junit.js';
import { latex } from './latex.js';
import { lint } from './lint.js';
import { maven } from './maven.js';
import { mocha } from './mocha.js';
import { native } from './native.js';
import { node } from './node.js';
import { nodetest } from './nodetest.js';
import { packages } from './packages.js';
import { php } from './php.js';
import { phpunit } from './phpunit.js';
import { pytest } from './pytest.js';
import { python } from './python.js';
import { ruby } from './ruby.js';
import { sanitizer } from './sanitizer.js';
import { shell } from './shell.js';
import { tap } from './tap.js';
import { tsc } from './tsc.js';
import { unittest } from './unittest.js';
import { xcode } from './xcode.js';
import type { Extractor, Found } from './types.js';

export type { Extractor, Found } from './types.js';

/** Every extractor, in priority order. */
export const EXTRACTORS: Extractor[] = [
  pytest,
  unittest,
  jest,
  mocha,
  jsrunners,
  tap,
  nodetest,
  junit,
  phpunit,
  php,
  haskell,
  erlang,
  ruby,
  frameworks,
  dotnet,
  dart,
  native,
  xcode,
  gotest,
  golint,
  cargo,
  tsc,
  eslint,
  format,
  lint,
  latex,
  compiler,
  maven,
  packages,
  deps,
  docker,
  sanitizer,
  node,
  python,
  shell,
  annotations
];

/** Tools whose failures only count when nothing more specific was found. */
const FALLBACK = new Set(['github', 'shell']);

function key(f: Failure): string {
  return [f.tool, f.errorType ?? '', f.message, f.file ?? '', f.line ?? '', f.testName ?? ''].join('\u0000');
}

/** Runs every extractor and combines: duplicates merge, contained lower-priority findings drop. */
export function runExtractors(lines: LogLine[], extractors: Extractor[] = EXTRACTORS): Found[] {
  const all: { f: Found; prio: number }[] = [];
  extractors.forEach((ex, prio) => {
    for (const f of ex.extract(lines)) all.push({ f, prio });
  });
  const kept: { f: Found; prio: number }[] = [];
  for (const item of all) {
    const inside = all.some(
      o =>
        o.prio < item.prio &&
        o.f.start <= item.f.start &&
        o.f.end >= item.f.end &&
        !(o.f.start === o.f.end && o.f.start === item.f.start && item.f.end > item.f.start)
    );
    if (!inside) kept.push(item);
  }
  const specific = kept.some(k => !FALLBACK.has(k.f.tool));
  const out: Found[] = [];
  const byKey = new Map<string, Found>();
  for (const { f } of kept.sort((a, b) => a.f.start - b.f.start)) {
    if (specific && FALLBACK.has(f.tool) && f.tool === 'github') continue;
    const k = key(f);
    const prev = byKey.get(k);
    if (prev) {
      // Same failure seen twice (a report and its summary line): one failure, both as evidence.
      (prev.more ??= []).push({ start: f.start, end: f.end }, ...(f.more ?? []));
      continue;
    }
    byKey.set(k, f);
    out.push(f);
  }
  return out;
}

/** Failures without their evidence positions. */
export function toFailures(found: Found[]): Failure[] {
  return found.map(({ start: _s, end: _e, more: _m, focus: _f, ...f }) => f);
}
