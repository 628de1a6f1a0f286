/**
 * The decision: `auto` when a mechanical change (a rename the notes or the compiler spell out)
 * covers every use, done by the dependency-rename fixer; `model` for code changes the repair loop
 * can make with the notes and the impact report in its prompt; `human` when the change is too
 * broad or architectural. Never: revert or pin the dependency back.
 */
import type { DependencyDecision, ImpactItem } from '../types.js';
import type { FailureTie } from './attribution.js';
import type { NoteEntry } from './changelog.js';
import type { RenameResult } from '../repair/fixers/dependency-rename.js';

/** Above these, a non-mechanical change is too broad for the repair loop. */
export interface DecisionLimits {
  /** Files with a breaking use not covered by a mechanical fix. */
  maxFiles: number;
  /** Breaking uses not covered by a mechanical fix. */
  maxUsages: number;
}

export const DEFAULT_LIMITS: DecisionLimits = { maxFiles: 12, maxUsages: 40 };

/** Notes that announce a new architecture rather than a changed API. */
const ARCHITECTURAL =
  /\b(?:rewrit(?:e|ten)|redesign(?:ed)?|complete(?:ly)?\s+overhaul|new\s+architecture|pure\s+esm|esm[- ]only|no longer (?:supports? )?commonjs|migration guide|entirely new api)\b/i;

export interface DecisionInput {
  entries: readonly NoteEntry[];
  ties: readonly FailureTie[];
  impact: readonly ImpactItem[];
  /** The dependency-rename fixer's result for the mechanical renames, when there are any. */
  fix?: RenameResult;
  /** Old names of the mechanical renames. */
  renamed: ReadonlySet<string>;
  /** Files importing the package. */
  importers: readonly string[];
  limits?: DecisionLimits;
}

export interface DecisionResult {
  decision: DependencyDecision;
  reason: string;
}

/** The decision and why, from the notes, the tied failures, the impact report and the fixer's result. */
export function decide(input: DecisionInput): DecisionResult {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const fix = input.fix;
  const fixed = new Set((fix?.changed ?? []).map(c => `${c.file}:${c.line}`));
  const tiedSymbols = input.ties.map(t => t.symbol).filter((s): s is string => s !== undefined);
  const complete =
    fix !== undefined && fix.edits.length > 0 && fix.remaining.length === 0 && fix.refused.length === 0;
  const coversFailures = tiedSymbols.every(s => input.renamed.has(s));
  if (complete && coversFailures) {
    return {
      decision: 'auto',
      reason: `a mechanical rename covers every use (${fix.changed.length} in ${fix.edits.length} file(s))`
    };
  }
  const open = input.impact.filter(
    i => (i.severity === 'breaks-build' || i.severity === 'breaks-tests') && !fixed.has(`${i.file}:${i.line}`)
  );
  const openFiles = new Set(open.map(i => i.file));
  if (openFiles.size > limits.maxFiles || open.length > limits.maxUsages) {
    return {
      decision: 'human',
      reason: `too broad for an automatic fix: ${open.length} breaking use(s) in ${openFiles.size} file(s) (limits ${limits.maxUsages} uses, ${limits.maxFiles} files)`
    };
  }
  const arch = input.entries.find(e => e.breaking && ARCHITECTURAL.test(e.text));
  if (arch && input.importers.length > 3) {
    return {
      decision: 'human',
      reason: `the release is architectural ("${arch.text.split('\n')[0].slice(0, 120)}") and ${input.importers.length} files use the package`
    };
  }
  const why =
    !complete && fix && fix.edits.length > 0
      ? 'a rename covers some uses but not all'
      : tiedSymbols.length > 0 && !coversFailures
        ? `no mechanical change for ${[...new Set(tiedSymbols.filter(s => !input.renamed.has(s)))].join(', ')}`
        : 'the notes spell out no mechanical change';
  return {
    decision: 'model',
    reason: `${why}: the repair loop adapts the code with the notes and the impact report`
  };
}
