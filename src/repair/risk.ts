/**
 * How much a verified fix deserves a careful human look, from what it touches: its size, the files
 * (source, existing tests, configuration, dependency manifests), public signatures it changes, and
 * how sure the diagnosis was. A score in 0..1 with the reasons that make it up; pure.
 *
 * The weights are chosen so that one risky trait alone stays under the default `max-risk` (0.5) and
 * two of them, or one with a large diff or an unsure diagnosis, go over it.
 */
import type { Diagnosis, Edit } from '../types.js';
import { isTestFile } from './context.js';

/** The score (0..1, rounded to 2 decimals) and why, worst first. */
export interface Risk {
  score: number;
  reasons: string[];
}

export interface RiskInput {
  /** The fix's edits, the regression test among them (a new test file adds no risk). */
  edits: readonly Edit[];
  diagnosis: Pick<Diagnosis, 'confidence'>;
  /** The regression test's path, when the fix adds one. */
  regressionTest?: string;
}

/** The default of `max-risk`: above it a fix goes out as a draft PR (see the module comment). */
export { DEFAULT_MAX_RISK } from '../constants.js';

/** Weights of each trait (exported for the tests and the README). */
export const RiskWeights = {
  dependencyManifest: 0.35,
  existingTests: 0.3,
  configuration: 0.25,
  publicApi: 0.25,
  /** Per changed line of non-test files beyond FREE_LINES, up to MAX_SIZE. */
  perLine: 0.004,
  maxSize: 0.3,
  /** Per non-test file beyond the first, up to MAX_FILES. */
  perFile: 0.05,
  maxFiles: 0.2,
  /** Times (1 - confidence). */
  uncertainty: 0.3
} as const;

/** Lines a fix may change at no cost: a typical small fix. */
const FREE_LINES = 10;

const MANIFESTS = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'pyproject.toml',
  'poetry.lock',
  'pipfile',
  'pipfile.lock',
  'setup.py',
  'uv.lock',
  'pdm.lock',
  'go.mod',
  'go.sum',
  'cargo.toml',
  'cargo.lock',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'settings.gradle',
  'settings.gradle.kts',
  'gradle.lockfile',
  'gemfile',
  'gemfile.lock',
  'composer.json',
  'composer.lock',
  'mix.exs',
  'mix.lock'
]);

/** `requirements.txt`, `requirements-dev.txt`, `requirements/base.in`, `constraints.txt`. */
function isManifest(file: string): boolean {
  const lower = file.toLowerCase();
  const base = lower.split('/').pop() ?? lower;
  return (
    MANIFESTS.has(base) ||
    /^(requirements|constraints)([-_.][\w.-]*)?\.(txt|in)$/.test(base) ||
    /(^|\/)requirements\/[^/]+\.(txt|in)$/.test(lower)
  );
}

const CONFIG_NAMES = new Set([
  'setup.cfg',
  'tox.ini',
  'pytest.ini',
  'noxfile.py',
  'conftest.py',
  'makefile',
  'dockerfile',
  '.babelrc',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.nvmrc',
  '.python-version',
  '.tool-versions',
  '.editorconfig',
  '.gitattributes',
  '.gitignore',
  '.dockerignore',
  'manifest.in'
]);

/** Build, test, lint, container and environment configuration. */
function isConfiguration(file: string): boolean {
  const lower = file.toLowerCase();
  const base = lower.split('/').pop() ?? lower;
  return (
    CONFIG_NAMES.has(base) ||
    /^\.env(\..*)?$/.test(base) ||
    /^(tsconfig|jsconfig)(\.[\w-]+)?\.json$/.test(base) ||
    /^(jest|vitest|vite|webpack|rollup|babel|eslint|prettier|karma|mocha|playwright|cypress|next|nuxt|svelte|astro|tailwind|postcss)\.config\.[cm]?[jt]s(on)?$/.test(
      base
    ) ||
    /^\.(eslintrc|prettierrc|mocharc|swcrc|stylelintrc)(\.[\w]+)?$/.test(base) ||
    /^docker-compose[\w.-]*\.ya?ml$/.test(base) ||
    /^dockerfile\.[\w-]+$/.test(base) ||
    /\.(ya?ml|toml|ini|cfg|conf|properties)$/.test(base) ||
    lower.startsWith('.github/') ||
    /(^|\/)config\//.test(lower)
  );
}

/** One declaration of a public name on a line: the language's own way of saying "exported". */
const PUBLIC_DECLARATIONS: RegExp[] = [
  // Python: a def or class whose name does not start with `_`.
  /^\s*(?:async\s+)?def\s+([A-Za-z]\w*)\s*\(/,
  /^\s*class\s+([A-Za-z]\w*)\b/,
  // JavaScript / TypeScript: exports.
  /^\s*export\s+(?:default\s+)?(?:declare\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/,
  /^\s*export\s+(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:const|let|var|class|interface|type|enum)\s+([\w$]+)/,
  /^\s*(?:module\.)?exports\.([\w$]+)\s*=/,
  // Go: an exported (capitalised) function or method.
  /^func\s+(?:\([^)]*\)\s*)?([A-Z]\w*)\s*[([]/,
  // Rust: pub fn / struct / enum / trait.
  /^\s*pub(?:\([\w\s:]+\))?\s+(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:fn|struct|enum|trait|type)\s+(\w+)/,
  // Java, Kotlin, C#, PHP: a public member.
  /^\s*(?:@\w+\s+)*public\b[^=;{(]*?\b(\w+)\s*\(/
];

function publicName(line: string): string | undefined {
  for (const re of PUBLIC_DECLARATIONS) {
    const m = re.exec(line);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The public names whose declaration line the edit changes or removes: a declaration in `search`
 * with no identical declaration of that name in `replace`. A body-only change is not one.
 */
export function changedPublicNames(e: Edit): string[] {
  if (e.search === '') return [];
  const after = new Map<string, Set<string>>();
  for (const line of e.replace.split('\n')) {
    const name = publicName(line);
    if (name) after.set(name, (after.get(name) ?? new Set()).add(squash(line)));
  }
  const out: string[] = [];
  for (const line of e.search.split('\n')) {
    const name = publicName(line);
    if (!name || out.includes(name)) continue;
    if (!after.get(name)?.has(squash(line))) out.push(name);
  }
  return out;
}

/** Lines added plus lines removed by an edit (as multisets of lines: moved lines cost nothing). */
export function changedLines(e: Edit): number {
  const before = e.search === '' ? [] : e.search.split('\n');
  const after = e.replace === '' ? [] : e.replace.split('\n');
  const left = new Map<string, number>();
  for (const l of before) left.set(l, (left.get(l) ?? 0) + 1);
  let added = 0;
  for (const l of after) {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    else added++;
  }
  let removed = 0;
  for (const n of left.values()) removed += n;
  return added + removed;
}

const list = (xs: string[]): string => {
  const shown = xs.slice(0, 5).join(', ');
  return xs.length > 5 ? `${shown} and ${xs.length - 5} more` : shown;
};
const round = (x: number): number => Math.round(x * 100) / 100;

/** The risk of a verified fix: a score in 0..1 and its reasons, largest share first. */
export function assessRisk(input: RiskInput): Risk {
  const W = RiskWeights;
  const parts: { weight: number; reason: string }[] = [];
  const norm = (f: string): string => f.replace(/\\/g, '/').replace(/^\.\//, '');
  const regression = input.regressionTest ? norm(input.regressionTest) : undefined;
  const edits = input.edits.map(e => ({ ...e, file: norm(e.file) }));

  // A new test file (the regression test, or a test created beside it) is the evidence, not risk.
  const newTest = (e: Edit): boolean => isTestFile(e.file) && (e.search === '' || e.file === regression);
  const considered = edits.filter(e => !newTest(e));
  const files = [...new Set(considered.map(e => e.file))];

  const manifests = files.filter(isManifest);
  if (manifests.length > 0)
    parts.push({ weight: W.dependencyManifest, reason: `changes dependency manifests: ${list(manifests)}` });

  const tests = files.filter(f => isTestFile(f) && !manifests.includes(f) && f !== regression);
  const existingTests = tests.filter(f => considered.some(e => e.file === f && e.search !== ''));
  if (existingTests.length > 0)
    parts.push({ weight: W.existingTests, reason: `changes existing tests: ${list(existingTests)}` });

  const configs = files.filter(f => !manifests.includes(f) && !tests.includes(f) && isConfiguration(f));
  if (configs.length > 0)
    parts.push({ weight: W.configuration, reason: `changes configuration: ${list(configs)}` });

  const api = [
    ...new Set(
      considered
        .filter(e => !isTestFile(e.file))
        .flatMap(e => changedPublicNames(e).map(n => `${n} (${e.file})`))
    )
  ];
  if (api.length > 0)
    parts.push({ weight: W.publicApi, reason: `changes the signature of public names: ${list(api)}` });

  const sourceEdits = considered.filter(e => !isTestFile(e.file));
  const lines = sourceEdits.reduce((n, e) => n + changedLines(e), 0);
  if (lines > FREE_LINES) {
    parts.push({
      weight: Math.min(W.maxSize, (lines - FREE_LINES) * W.perLine),
      reason: `${lines} lines changed outside tests`
    });
  }
  const sourceFiles = [...new Set(sourceEdits.map(e => e.file))];
  if (sourceFiles.length > 1) {
    parts.push({
      weight: Math.min(W.maxFiles, (sourceFiles.length - 1) * W.perFile),
      reason: `${sourceFiles.length} files changed outside tests`
    });
  }

  const confidence = Number.isFinite(input.diagnosis.confidence)
    ? Math.min(1, Math.max(0, input.diagnosis.confidence))
    : 0;
  if (confidence < 1) {
    parts.push({
      weight: (1 - confidence) * W.uncertainty,
      reason: `diagnosis confidence ${Math.round(confidence * 100)}%`
    });
  }

  const score = Math.min(
    1,
    parts.reduce((s, p) => s + p.weight, 0)
  );
  parts.sort((a, b) => b.weight - a.weight);
  return {
    score: round(score),
    reasons: parts.filter(p => p.weight > 0).map(p => `${p.reason} (+${round(p.weight).toFixed(2)})`)
  };
}

/** A fix's risk against the `max-risk` setting: whether it goes out for review (a draft PR). */
export interface RiskVerdict extends Risk {
  /** The `max-risk` setting it was held against. */
  max: number;
  /** Above `max`, or the fix changes an existing test's expectations. */
  needsReview: boolean;
}

/** The risk of a verified fix (edits, regression test, diagnosis) held against `max`. */
export function riskVerdict(
  fix: { edits: readonly Edit[]; regressionTest?: string; changesTestExpectations?: boolean },
  diagnosis: Pick<Diagnosis, 'confidence'>,
  max: number
): RiskVerdict {
  const risk = assessRisk({ edits: fix.edits, diagnosis, regressionTest: fix.regressionTest });
  return { ...risk, max, needsReview: risk.score > max || fix.changesTestExpectations === true };
}
