import * as path from 'node:path';
import { isTreeFile, listTreeDir, readTreeFile } from '../../fs/index.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { GO_UNIVERSE, scanGoFile, type GoFile } from './go-scan.js';
import { byteColumnIndex, locateProjectFile, tokenEdits, uniqueNear, type TokenFix } from './near.js';
import { readSource } from './util.js';

/** One Go compiler (or vet) report about a name. */
export interface GoUndefined {
  file: string;
  line: number;
  /** 1-based byte column, as the compiler prints it. */
  col: number;
  /** The package qualifier of `undefined: pkg.Name`; undefined for a bare name. */
  qualifier?: string;
  wrong: string;
  /** The compiler's own suggestion (`x.f undefined (..., but does have F)`). */
  suggested?: string;
}

const POS = String.raw`^(?:vet: )?(\S+\.go):(\d+):(\d+): `;
const UNDEFINED = new RegExp(
  `${POS}(?:undefined|undeclared name): (?:([A-Za-z_]\\w*)\\.)?([A-Za-z_]\\w*)\\s*$`
);
const SELECTOR = new RegExp(
  `${POS}\\S+ undefined \\(type .+ has no field or method ([A-Za-z_]\\w*), but does have (?:(?:unexported )?(?:field|method) )?([A-Za-z_]\\w*)\\)\\s*$`
);

/** The name reports of `go build`/`go vet`/`go test` output (identifiers: ASCII only). */
export function parseGoUndefined(output: string): GoUndefined[] {
  const out: GoUndefined[] = [];
  const seen = new Set<string>();
  for (const raw of output.split(/\r?\n/)) {
    const text = raw.trim();
    const u = UNDEFINED.exec(text);
    const s = u ? null : SELECTOR.exec(text);
    if (!u && !s) continue;
    const m = (u ?? s)!;
    const item: GoUndefined = u
      ? { file: m[1], line: Number(m[2]), col: Number(m[3]), qualifier: u[4], wrong: u[5] }
      : { file: m[1], line: Number(m[2]), col: Number(m[3]), wrong: m[4], suggested: m[5] };
    const key = `${item.file}:${item.line}:${item.col}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/**
 * The Go files of one directory of the tree with their scans; empty when the directory is reached
 * through a link or holds a linked `.go` file (its names cannot be read safely: not sure).
 */
async function packageFiles(workdir: string, dir: string): Promise<Map<string, GoFile>> {
  const out = new Map<string, GoFile>();
  const entries = await listTreeDir(workdir, dir).catch(() => []);
  if (entries.some(e => e.kind !== 'file' && e.kind !== 'dir' && e.name.endsWith('.go'))) return out;
  for (const e of entries) {
    if (e.kind !== 'file' || !e.name.endsWith('.go')) continue;
    const rel = dir ? `${dir}/${e.name}` : e.name;
    const text = await readTreeFile(workdir, rel).catch(() => null);
    if (text !== null) out.set(rel, scanGoFile(text));
  }
  return out;
}

/** The module path and root directory of the go.mod nearest above `dir`, inside the tree. */
async function moduleOf(workdir: string, dir: string): Promise<{ module: string; root: string } | undefined> {
  for (let d = dir; ; d = path.posix.dirname(d)) {
    const cur = d === '.' ? '' : d;
    const mod = cur ? `${cur}/go.mod` : 'go.mod';
    if (await isTreeFile(workdir, mod)) {
      const m = /^\s*module\s+("?)([^\s"]+)\1/m.exec((await readTreeFile(workdir, mod)) ?? '');
      return m ? { module: m[2], root: cur } : undefined;
    }
    if (cur === '') return undefined;
  }
}

/** The names a file of a package sees unqualified: its package's top level, imports, universe. */
function packageScope(file: string, files: Map<string, GoFile>): string[] | undefined {
  const own = files.get(file);
  if (!own || !own.pkg) return undefined;
  if (own.imports.some(i => i.dot)) return undefined; // names of another package, unknown here
  const isTest = file.endsWith('_test.go');
  const names: string[] = [...GO_UNIVERSE, ...own.imports.flatMap(i => i.names)];
  for (const [f, scan] of files) {
    if (scan.pkg !== own.pkg) continue;
    if (f.endsWith('_test.go') && !isTest) continue;
    names.push(...scan.topLevel);
  }
  return names;
}

/**
 * Go's `undefined: name` when one declared name is unambiguously near (the package's top-level
 * declarations in every file of its directory, the file's imports, the enclosing function's locals
 * declared before the line, Go's predeclared names), `undefined: pkg.Name` for a package of the same
 * module (its exported names), and `x.f undefined (…, but does have F)`, the compiler's own
 * suggestion. The wrong name must stand at the reported line and byte column; otherwise, or when
 * unsure, nothing is done.
 */
export class GoUndefinedFixer implements Fixer {
  readonly name = 'go-undefined';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const items = parseGoUndefined(input.failureOutput);
    if (items.length === 0) return null;
    const log = (m: string): void => input.log(`fixer ${this.name}: ${m}`);
    const fixes: TokenFix[] = [];
    const pkgCache = new Map<string, Map<string, GoFile>>();
    const pkg = async (dir: string): Promise<Map<string, GoFile>> => {
      const hit = pkgCache.get(dir);
      if (hit) return hit;
      const files = await packageFiles(input.workdir, dir);
      pkgCache.set(dir, files);
      return files;
    };
    for (const item of items) {
      const file = await locateProjectFile(input.workdir, item.file);
      if (!file) {
        log(`${item.file} is not a file of the tree`);
        continue;
      }
      const lines = (await readSource(input.workdir, file)).split('\n');
      const line = lines[item.line - 1]?.replace(/\r$/, '');
      if (line === undefined) continue;
      const index = byteColumnIndex(line, item.col);
      if (index < 0) continue;
      const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
      const files = await pkg(dir);
      const scan = files.get(file);
      if (!scan) continue;
      let right: string | undefined;
      let note: string;
      if (item.suggested) {
        // The compiler's own suggestion; the wrong name is the selector's field or method name.
        if (line[index - 1] !== '.') continue;
        right = item.suggested;
        note = 'go: but does have';
      } else if (item.qualifier) {
        if (line[index - 1] !== '.' || !line.slice(0, index - 1).endsWith(item.qualifier)) continue;
        const imp = scan.imports.find(i => i.names.includes(item.qualifier!));
        const mod = await moduleOf(input.workdir, dir);
        if (!imp || !mod || !(imp.path === mod.module || imp.path.startsWith(`${mod.module}/`))) {
          log(`${item.qualifier} is not a package of this module`);
          continue;
        }
        const sub = imp.path.slice(mod.module.length + 1);
        const target = [mod.root, sub].filter(Boolean).join('/');
        const exported = [...(await pkg(target)).entries()]
          .filter(([f]) => !f.endsWith('_test.go'))
          .flatMap(([, s]) => s.topLevel.filter(n => /^\p{Lu}/u.test(n)));
        if (exported.length === 0) continue;
        right = uniqueNear(
          item.wrong,
          exported,
          [...(await pkg(target)).values()].flatMap(s => s.idents).filter(n => /^\p{Lu}/u.test(n))
        );
        note = `go: near exported name of ${imp.path}`;
      } else {
        if (line[index - 1] === '.') continue;
        const names = packageScope(file, files);
        if (!names) {
          log(`${file}: the names in scope cannot be told (a dot import or no package clause)`);
          continue;
        }
        const fn = scan.funcs.find(f => f.startLine <= item.line && item.line <= f.endLine);
        const locals = fn ? fn.locals.filter(l => l.line <= item.line).map(l => l.name) : [];
        const blockers = [...files.values()].filter(s => s.pkg === scan.pkg).flatMap(s => s.idents);
        right = uniqueNear(item.wrong, [...names, ...locals], blockers);
        note = 'go: near name in scope';
      }
      if (!right || right === item.wrong) {
        log(`no single near name for '${item.wrong}' at ${file}:${item.line}`);
        continue;
      }
      fixes.push({ file, line: item.line, index, wrong: item.wrong, right, note });
    }
    const { edits, summaries } = await tokenEdits(input.workdir, fixes, log);
    if (edits.length === 0) return null;
    return { fixer: this.name, edits, summary: summaries.join('; ') };
  }
}
