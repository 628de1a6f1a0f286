/**
 * Stack frames and error lines of JavaScript test output, as Node, node:test, jest and vitest print
 * them (after `stripAnsi`), for js-reference.ts and js-export.ts:
 *
 * - Node and jest: `    at fn (src/a.js:6:22)`, `    at src/a.js:6:22`, `file://` URLs; jest puts a
 *   code frame (`> 6 | ...`) between the error and its frames, and titles each test with `● name`;
 * - vitest: ` ❯ fn src/a.js:6:13` or ` ❯ src/a.js:6:13` (`Module.fn` in 0.34, 1.6), a test titled
 *   ` FAIL  test/a.test.js > name`, failures listed as `   ❯ test/a.test.js > name` (0.x, 1.x) or
 *   `   × name` and blocks parted by `⎯⎯⎯`.
 *
 * Test names are the repository's text: a title line is never a frame, and the frames of an error
 * end where the next test's title starts.
 *
 * A call of a misspelled import reads, depending on the transform: `(0 , _util.formatDat) is not a
 * function` (babel-jest), `(0 , util_1.formatDat)` (tsc's CommonJS emit: ts-jest without
 * type-checking), `__vi_import_0__.formatDat` (vite-node), or the bare `formatDat is not a function`
 * (vitest 0.34 to 4.1, for a named and a namespace import alike); `importedCallAt` maps it back to
 * the import of the file at the frame.
 */
import { readTreeFile } from '../../fs/index.js';
import type { Node, ParsedFile } from './js-parse.js';
import {
  descendants,
  importBindings,
  importStatementOf,
  type JsProject,
  resolveScope,
  scopeDecls,
  stringValue
} from './js-project.js';
import { listFiles } from './util.js';

/** One stack frame: the file as printed, 1-based line and column. */
export interface JsFrame {
  file: string;
  line: number;
  col: number;
}

const PATH = String.raw`((?:file:\/\/)?[^\s()'"❯]+?\.[cm]?[jt]sx?):(\d+):(\d+)`;
// Node, jest, node:test: `at fn (path:l:c)`, `at path:l:c`, or a bare indented path.
const AT_FRAME = new RegExp(String.raw`(?:\(|\bat |^\s+)${PATH}\)?\s*$`);
// vitest: `❯ fn path:l:c` or `❯ path:l:c`.
const VITEST_FRAME = new RegExp(String.raw`^\s*❯ (?:\S+(?: \S+)? )?${PATH}\s*$`);

/**
 * A line that names a test or a file of tests rather than a frame: jest's `● title` and `✕`/`✓`
 * lines, `FAIL`/`PASS` headers, vitest's `× title`, `❯ file > title`, `→ message` and `⎯` rules,
 * node:test's `✖`/`▶`, its `test at file:line:col` (where a test is, printed before its title)
 * and TAP's `ok`/`not ok`/`# Subtest:`.
 */
export function isTitleLine(line: string): boolean {
  const t = line.trim();
  return (
    /^(?:[●✕✓✔✖×↓→○▶⎯]|FAIL\b|PASS\b|(?:not )?ok \d|# Subtest:|test at )/.test(t) ||
    (t.startsWith('❯') && t.includes(' > '))
  );
}

/** The frame a line of output is, when it is one (never a title line). */
export function frameOf(line: string): JsFrame | undefined {
  if (isTitleLine(line)) return undefined;
  const m = VITEST_FRAME.exec(line) ?? AT_FRAME.exec(line);
  return m ? { file: m[1].replace(/^file:\/\//, ''), line: Number(m[2]), col: Number(m[3]) } : undefined;
}

/**
 * The frames printed after the error at line `i`, within `max` lines, up to the next test's title
 * (jest's code frame and blank lines between are skipped).
 */
export function framesAfter(lines: string[], i: number, max: number): JsFrame[] {
  const out: JsFrame[] = [];
  for (let j = i + 1; j < Math.min(lines.length, i + max); j++) {
    if (isTitleLine(lines[j])) break;
    const f = frameOf(lines[j]);
    if (f) out.push(f);
  }
  return out;
}

/** A frame of Node itself or of a package (node_modules, relative or absolute): never the tree's code. */
export function isLibraryFrame(file: string): boolean {
  return /^node:|^internal\/|(?:^|[\\/])node_modules[\\/]/.test(file);
}

/**
 * The frames of an error up to the first one of Node or a package: a frame after it is a caller
 * of the library, not where the error was thrown.
 */
export function ownFrames(frames: JsFrame[]): JsFrame[] {
  const firstLib = frames.findIndex(f => isLibraryFrame(f.file) && !/^node:|^internal\//.test(f.file));
  return (firstLib < 0 ? frames : frames.slice(0, firstLib)).filter(f => !isLibraryFrame(f.file));
}

/**
 * `name` of a call whose callee a transform renamed: `(0 , _util.name)` (babel), `(0 , util_1.name)`
 * (tsc to CommonJS: ts-jest without type-checking), `__vi_import_0__.name` with or without
 * `(0 , …)` (vite-node), or a bare `name` (vitest). Undefined for any other message: `this.x`,
 * `obj.x`, `_obj.x` and `obj_1.x` without `(0 , …)` are the source's own text.
 */
export function importedCallName(message: string): string | undefined {
  const vi = String.raw`__vi_import_\d+__`;
  const mod = String.raw`(?:_[\w$]*|[A-Za-z$][\w$]*_\d+|${vi})`;
  const id = String.raw`([A-Za-z_$][\w$]*)`;
  const m = new RegExp(
    String.raw`^TypeError(?: \[Error\])?: (?:\(0 ?, ?${mod}\.${id}\)|${vi}\.${id}|${id}) is not a function$`
  ).exec(message.trim());
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** What the failing call at a frame is in the source: an imported name, or a namespace's member. */
export type ImportedCall =
  | { kind: 'named'; specifier: string; name: string; line: number }
  | { kind: 'namespace'; object: string; name: string };

/**
 * The one call on `line` (1-based) of `f` whose callee is `name` imported from a module (`import {
 * name as x }` called as `x(...)`) or `ns.name` on a namespace import `ns`, both bound at the top
 * of the module: where a transform's `name is not a function` came from. When more than one call
 * on the line could be it, the one at `col`; undefined when unsure.
 */
export function importedCallAt(
  f: ParsedFile,
  line: number,
  col: number,
  name: string
): ImportedCall | undefined {
  const starts = [0];
  for (let i = f.text.indexOf('\n'); i >= 0; i = f.text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineStart = starts[line - 1];
  if (lineStart === undefined) return undefined;
  const lineEnd = starts[line] ?? f.text.length + 1;
  const found: { node: Node; call: ImportedCall }[] = [];
  for (const c of descendants(f.root, ['call_expression', 'new_expression'])) {
    const fn = c.childForFieldName('function') ?? c.childForFieldName('constructor');
    if (!fn || fn.startIndex < lineStart || fn.startIndex >= lineEnd) continue;
    const id = fn.type === 'member_expression' ? fn.childForFieldName('object') : fn;
    if (id?.type !== 'identifier') continue;
    if (fn.type === 'member_expression' && fn.childForFieldName('property')?.text !== name) continue;
    const scope = resolveScope(id, id.text);
    const decl = scope?.type === 'program' ? scopeDecls(scope).values.get(id.text) : undefined;
    const st = decl && importStatementOf(decl);
    const b = st && importBindings(st).find(x => x.local === id.text && !x.typeOnly);
    if (!st || !b) continue;
    if (fn.type === 'member_expression' && b.imported === '*')
      found.push({ node: fn, call: { kind: 'namespace', object: id.text, name } });
    else if (fn.type === 'identifier' && b.imported === name) {
      const at = starts.filter(s => s <= b.node.startIndex).length;
      found.push({ node: fn, call: { kind: 'named', specifier: b.source, name, line: at } });
    }
  }
  const at = lineStart + col - 1;
  const pick = found.length > 1 ? found.filter(x => x.node.startIndex <= at && at <= x.node.endIndex) : found;
  return pick.length === 1 ? pick[0].call : undefined;
}

const SOURCE_EXTS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/**
 * The one file of the tree that imports or re-exports `name` from `specifier`: jest's native ESM
 * (`node --experimental-vm-modules`) prints Node's `does not provide an export named` with no
 * importing file. Undefined when no file or more than one does, or a file that names both does
 * not parse (it could be the one).
 */
export async function importerOf(
  project: JsProject,
  workdir: string,
  specifier: string,
  name: string
): Promise<string | undefined> {
  const hits: string[] = [];
  for (const rel of await listFiles(workdir, SOURCE_EXTS)) {
    const text = await readTreeFile(workdir, rel).catch(() => null);
    if (!text?.includes(name) || !text.includes(specifier)) continue;
    const f = await project.file(rel);
    if (!f) return undefined;
    const names = descendants(f.root, ['import_statement', 'export_statement']).some(st => {
      if (stringValue(st.childForFieldName('source')) !== specifier) return false;
      if (st.type === 'import_statement')
        return importBindings(st).some(b => b.imported === name && !b.typeOnly);
      return descendants(st, 'export_specifier').some(s => s.childForFieldName('name')?.text === name);
    });
    if (names) hits.push(rel);
  }
  return hits.length === 1 ? hits[0] : undefined;
}
