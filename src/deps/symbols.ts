/**
 * The symbols release notes and failures name, and the mechanical changes they spell out: a rename
 * ("`X` was renamed to `Y`", "`X` is now named `Y`", "use `Y` instead of `X`", "deprecated in favour
 * of `Y`") and a moved import ("`X` moved from `a` to `b`"). Pure.
 */
import type { ImpactSeverity } from '../types.js';
import type { FailureTie } from './attribution.js';
import type { NoteEntry } from './changelog.js';

/** A rename the notes or the compiler spell out: `from` and `to` as written (maybe qualified). */
export interface Rename {
  from: string;
  to: string;
  /** 'notes' (the changelog says so) or 'compiler' (a "did you mean" of the failing build). */
  source: 'notes' | 'compiler';
  /** The note's text or the failure's message. */
  evidence: string;
}

/** A symbol now imported from another module. */
export interface Move {
  symbol: string;
  fromModule?: string;
  toModule: string;
  evidence: string;
}

/** A symbol to look for in the codebase, and how bad a usage of it is. */
export interface NamedSymbol {
  /** As written (`httpx.ResponseClosed`, `.parseOptions()`). */
  text: string;
  /** The identifier searched for (`ResponseClosed`, `parseOptions`). */
  ident: string;
  severity: ImpactSeverity;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `httpx.ResponseClosed` -> `ResponseClosed`; `.parseOptions()` -> `parseOptions`; undefined for non-identifiers. */
export function identOf(text: string): string | undefined {
  const bare = text
    .trim()
    .replace(/\(.*\)$/, '')
    .replace(/^[.:]+/, '')
    .replace(/[=:]$/, '');
  const last = bare.split(/\.|::|#/).pop() ?? '';
  return IDENT.test(last) && last.length >= 2 ? last : undefined;
}

const CODE = '`([^`\\n]{1,120})`';
/** Each pattern gives the old name in group `a` and the new one in group `b`. */
const RENAMES: RegExp[] = [
  new RegExp(
    `${CODE}[^\`\\n]{0,40}?\\b(?:was|has been|is|got|are|were)\\s+(?:now\\s+)?renamed\\s+(?:to|as)\\s+${CODE}`,
    'i'
  ),
  new RegExp(`\\brenam(?:e|ed|es|ing)\\s+(?:[^\\n]{0,60}?)${CODE}\\s+(?:to|as|->|→)\\s+${CODE}`, 'i'),
  new RegExp(`${CODE}[^\`\\n]{0,40}?\\bis now (?:named|called)\\s+${CODE}`, 'i'),
  new RegExp(
    `${CODE}\\s+(?:flag|argument|option|parameter|property|attribute|method|function|class|exception|hook|type|export)\\s+is now\\s+${CODE}`,
    'i'
  ),
  new RegExp(`\\buse\\s+${CODE}\\s+instead\\s+of\\s+${CODE}`, 'i'),
  new RegExp(`${CODE}[^\`\\n]{0,60}?\\bdeprecated in favou?r of\\s+${CODE}`, 'i'),
  new RegExp(`${CODE}\\s+(?:->|→|=>)\\s+${CODE}`)
];
/** Which of RENAMES name the new symbol first ("use `Y` instead of `X`"). */
const NEW_FIRST = new Set([4]);

const MOVES: RegExp[] = [
  new RegExp(`${CODE}\\s+(?:was|has been|is)\\s+moved\\s+(?:from\\s+${CODE}\\s+)?to\\s+${CODE}`, 'i'),
  new RegExp(`\\bimport\\s+${CODE}\\s+from\\s+${CODE}\\s+instead of\\s+${CODE}`, 'i')
];

/** A rename is mechanical only between two plain names of the same shape (both calls, or neither). */
function plainRename(a: string, b: string): boolean {
  const call = (s: string): boolean => /\(\s*\)$/.test(s.trim());
  const ia = identOf(a);
  const ib = identOf(b);
  if (!ia || !ib || ia === ib) return false;
  if (call(a) !== call(b)) return false;
  // `foo(bar=...)` style arguments, values and expressions are not names.
  const shape = /^[.:]?[A-Za-z_$][\w$]*(?:(?:\.|::)[A-Za-z_$][\w$]*)*(?:\(\s*\))?=?$/;
  return shape.test(a.trim()) && shape.test(b.trim());
}

/** The renames and moves the notes spell out (one sentence each; ambiguous ones are left out). */
export function mechanicalChanges(entries: readonly NoteEntry[]): { renames: Rename[]; moves: Move[] } {
  const renames: Rename[] = [];
  const moves: Move[] = [];
  for (const e of entries) {
    for (const sentence of e.text.split(/(?<=[.;])\s+(?=[A-Z*`])|\n+/)) {
      for (const [i, re] of RENAMES.entries()) {
        const m = re.exec(sentence);
        if (!m) continue;
        const [from, to] = NEW_FIRST.has(i) ? [m[2], m[1]] : [m[1], m[2]];
        if (plainRename(from, to)) renames.push({ from, to, source: 'notes', evidence: e.text });
        break;
      }
      for (const re of MOVES) {
        const m = re.exec(sentence);
        if (!m) continue;
        const symbol = identOf(m[1]);
        if (symbol) {
          const [fromModule, toModule] = m.length === 4 && re === MOVES[0] ? [m[2], m[3]] : [m[3], m[2]];
          moves.push({ symbol, ...(fromModule ? { fromModule } : {}), toModule, evidence: e.text });
        }
        break;
      }
    }
  }
  // One old name renamed two ways is not mechanical.
  const targets = new Map<string, Set<string>>();
  for (const r of renames) {
    const k = identOf(r.from) ?? r.from;
    targets.set(k, (targets.get(k) ?? new Set()).add(identOf(r.to) ?? r.to));
  }
  const seen = new Set<string>();
  const unique = renames.filter(r => {
    const k = identOf(r.from) ?? r.from;
    if ((targets.get(k)?.size ?? 0) > 1 || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { renames: unique, moves };
}

/** The renames the compiler suggests for a missing export of the package (TS2724, Python's "Did you mean"). */
export function compilerRenames(ties: readonly FailureTie[]): Rename[] {
  const out: Rename[] = [];
  for (const t of ties) {
    if (t.evidence === 'export' && t.symbol && t.suggestion && t.symbol !== t.suggestion) {
      if (!out.some(r => r.from === t.symbol)) {
        out.push({ from: t.symbol, to: t.suggestion, source: 'compiler', evidence: t.failure.message });
      }
    }
  }
  return out;
}

/**
 * The symbols to look for, worst severity kept per identifier: the failures' missing exports
 * (they break what failed: the build for a compiler, else the tests), the notes' breaking entries
 * (`breaks` as given: build for compiled code, tests for the rest), their deprecations, and
 * identifiers the other entries quote (minor).
 */
export function namedSymbols(
  entries: readonly NoteEntry[],
  ties: readonly FailureTie[],
  breaks: 'breaks-build' | 'breaks-tests'
): NamedSymbol[] {
  const order: ImpactSeverity[] = ['breaks-build', 'breaks-tests', 'deprecation', 'minor'];
  const best = new Map<string, NamedSymbol>();
  const add = (text: string, severity: ImpactSeverity): void => {
    const ident = identOf(text);
    if (!ident) return;
    const prev = best.get(ident);
    if (!prev || order.indexOf(severity) < order.indexOf(prev.severity))
      best.set(ident, { text, ident, severity });
  };
  for (const t of ties) {
    if (!t.symbol) continue;
    const compiler = /^(?:tsc|typescript|go|cargo|rustc|javac|gradle|maven|mypy|pyright)/i.test(
      t.failure.tool
    );
    add(t.symbol, compiler ? 'breaks-build' : 'breaks-tests');
  }
  for (const e of entries) {
    const severity: ImpactSeverity = e.breaking ? breaks : e.deprecation ? 'deprecation' : 'minor';
    for (const m of e.text.matchAll(/`([^`\n]{1,120})`/g)) add(m[1], severity);
  }
  return [...best.values()];
}
