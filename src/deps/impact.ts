/**
 * The impact report: every usage in the codebase of the symbols the notes or the failures name
 * (file, line, symbol, severity), read through `src/fs` (no link followed, vendored trees skipped).
 */
import { listTreeFiles, readTreeFile, UnsafePathError } from '../fs/index.js';
import type { Ecosystem, ImpactItem, ImpactSeverity } from '../types.js';
import { codeMask } from '../repair/fixers/dependency-rename.js';
import type { NamedSymbol } from './symbols.js';

/** Source files by ecosystem (what can use a package of it). */
const SOURCE_EXT: Record<Ecosystem, string[]> = {
  npm: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.vue', '.svelte'],
  pypi: ['.py', '.pyi'],
  go: ['.go'],
  cargo: ['.rs'],
  maven: ['.java', '.kt', '.kts', '.scala', '.groovy']
};

/** Directories never scanned: installed or vendored code, build output, VCS metadata. */
export const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  'vendor',
  'dist',
  'build',
  'target',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  'site-packages',
  'coverage'
]);

/** Bounds: files listed, bytes per file, items reported. */
export const MAX_FILES = 20000;
export const MAX_SOURCE_BYTES = 1024 * 1024;
export const MAX_ITEMS = 2000;

/** Whether a file's path looks like a test (its breakage shows in the tests, not the build). */
export function isTestFile(file: string): boolean {
  return (
    /(^|\/)(tests?|__tests__|spec)\//.test(file) ||
    /(\.|_)(test|spec)\.[^/]+$|(^|\/)test_[^/]+\.py$/.test(file)
  );
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` imports one of `modules` (JS/TS, Python, Go, Rust, JVM spellings). */
export function importsModule(text: string, ecosystem: Ecosystem, modules: readonly string[]): boolean {
  const alt = modules.map(esc).join('|');
  const res: Record<Ecosystem, RegExp> = {
    npm: new RegExp(
      `(?:from\\s*|require\\s*\\(\\s*|import\\s*\\(\\s*|import\\s+)['"](?:${alt})(?:/[^'"]*)?['"]`
    ),
    pypi: new RegExp(
      `^\\s*(?:from\\s+(?:${alt})(?:\\.[\\w.]+)?\\s+import\\b|import\\s+(?:[\\w.]+\\s*,\\s*)*(?:${alt})\\b)`,
      'm'
    ),
    go: new RegExp(`"(?:${alt})(?:/[^"]*)?"`),
    cargo: new RegExp(`\\b(?:${alt})::|\\buse\\s+(?:${alt})\\b|extern\\s+crate\\s+(?:${alt})\\b`),
    maven: new RegExp(`^\\s*import\\s+(?:static\\s+)?(?:${alt})\\.`, 'm')
  };
  return res[ecosystem].test(text);
}

/** What the scan skipped, so the report can say so. */
export interface ImpactResult {
  items: ImpactItem[];
  /** Files that import the package (whether or not a symbol is used there). */
  importers: string[];
  skipped: string[];
  truncated: boolean;
}

/**
 * Every usage of `symbols` as a whole identifier in code (not in a comment or a string) in the files of `root` that import the package
 * (`modules`: how code imports it). A `breaks-build` symbol used only in test files breaks the
 * tests. Sorted by severity, then file and line.
 */
export async function impactReport(
  root: string,
  ecosystem: Ecosystem,
  modules: readonly string[],
  symbols: readonly NamedSymbol[]
): Promise<ImpactResult> {
  const out: ImpactResult = { items: [], importers: [], skipped: [], truncated: false };
  const exts = SOURCE_EXT[ecosystem];
  const files = await listTreeFiles(root, '', {
    skipDirs: SKIP_DIRS,
    skipDir: name => name.startsWith('.'),
    acceptFile: name => exts.some(x => name.endsWith(x)),
    limit: MAX_FILES
  });
  if (files.length >= MAX_FILES)
    out.skipped.push(`more than ${MAX_FILES} source files: the rest not scanned`);
  const idents = symbols.filter(s => /^[A-Za-z_$][\w$]*$/.test(s.ident));
  const re =
    idents.length > 0
      ? new RegExp(`(?<![\\w$])(${idents.map(s => esc(s.ident)).join('|')})(?![\\w$])`, 'g')
      : undefined;
  const byIdent = new Map(idents.map(s => [s.ident, s]));
  for (const file of files) {
    let text: string | null;
    try {
      text = await readTreeFile(root, file, MAX_SOURCE_BYTES);
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error;
      out.skipped.push(`${file}: ${error.message}`);
      continue;
    }
    if (text === null || !importsModule(text, ecosystem, modules)) continue;
    out.importers.push(file);
    if (!re) continue;
    // A name in a comment or a string is no use of the API.
    const lines = codeMask(text, ecosystem).split('\n');
    for (let i = 0; i < lines.length; i++) {
      re.lastIndex = 0;
      const seen = new Set<string>();
      for (let m = re.exec(lines[i]); m; m = re.exec(lines[i])) {
        if (seen.has(m[1])) continue;
        seen.add(m[1]);
        const s = byIdent.get(m[1]);
        if (!s) continue;
        let severity: ImpactSeverity = s.severity;
        if (severity === 'breaks-build' && isTestFile(file)) severity = 'breaks-tests';
        if (out.items.length >= MAX_ITEMS) {
          out.truncated = true;
          break;
        }
        out.items.push({ file, line: i + 1, symbol: s.text, severity });
      }
    }
  }
  const order: ImpactSeverity[] = ['breaks-build', 'breaks-tests', 'deprecation', 'minor'];
  out.items.sort(
    (a, b) =>
      order.indexOf(a.severity) - order.indexOf(b.severity) || a.file.localeCompare(b.file) || a.line - b.line
  );
  return out;
}

/** The impact report as Markdown lines for a PR body, an issue or the model's prompt. */
export function impactMarkdown(items: readonly ImpactItem[], max = 50): string {
  if (items.length === 0) return '_No usage of the changed API found._';
  const rows = items
    .slice(0, max)
    .map(i => `| \`${i.file}\` | ${i.line} | \`${i.symbol.replace(/`/g, '')}\` | ${i.severity} |`);
  const more = items.length > max ? [`\n… and ${items.length - max} more.`] : [];
  return ['| file | line | symbol | severity |', '| --- | --- | --- | --- |', ...rows, ...more].join('\n');
}
