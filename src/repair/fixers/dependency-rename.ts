/**
 * The dependency lane's deterministic fixer: a rename that a dependency's release notes (or the
 * compiler) spell out, applied at every usage bound to the package's import — a named import
 * (`import { X } from 'pkg'`, `from pkg import X`) and its uses, or a qualified use through the
 * module (`pkg.X`, `ns.X`). A member of some object (`headers.getlist`) is never renamed: nothing
 * ties it to the package. Exact search/replace edits; the manifests and lockfiles are not touched
 * (the update stays). Not in defaultFixers: the dependency lane builds it with its renames.
 */
import { listTreeFiles, readTreeFile, UnsafePathError } from '../../fs/index.js';
import type { Ecosystem, Edit } from '../../types.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { minimalEdit } from './util.js';

/** One rename: old and new name, as the notes wrote them (maybe qualified by the module). */
export interface DependencyRename {
  from: string;
  to: string;
}

/** What the fixer is built with. */
export interface DependencyRenamePlan {
  /** The package, for the summary. */
  name: string;
  ecosystem: Ecosystem;
  /** How code imports the package (`httpx`; `commander`; a Go import path). */
  modules: string[];
  renames: DependencyRename[];
}

/** The edits, and any use of an old name the fixer could not tie to the package (then it declines). */
export interface RenameResult {
  edits: Edit[];
  /** `file:line` of each renamed use. */
  changed: { file: string; line: number; from: string; to: string }[];
  /** Code uses of an old name left in importing files (a member, a shadowing name): not mechanical. */
  remaining: { file: string; line: number; symbol: string }[];
  /** Why a file was left alone (the new name is already bound there, a link, too large). */
  refused: string[];
}

const EXTS: Partial<Record<Ecosystem, string[]>> = {
  npm: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'],
  pypi: ['.py', '.pyi'],
  go: ['.go']
};
const SKIP = new Set([
  'node_modules',
  '.git',
  'vendor',
  'dist',
  'build',
  '.venv',
  'venv',
  '__pycache__',
  'site-packages'
]);
const MAX_BYTES = 1024 * 1024;
const IDENT = /^[A-Za-z_$][\w$]*$/;
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with string literals and comments blanked (same length, newlines kept), so that a name is
 * found only where it is code. JS: quotes, templates (their `${}` fields are code), comments.
 * Python: quotes, triple quotes, `#` comments. Go: quotes, raw strings, comments.
 */
export function codeMask(text: string, ecosystem: Ecosystem): string {
  const out = text.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  const py = ecosystem === 'pypi';
  const braces: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    if (!py && two === '//') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (!py && two === '/*') {
      const end = text.indexOf('*/', i + 2);
      blank(i, end < 0 ? text.length : end + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (py && c === '#') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (py && (text.startsWith('"""', i) || text.startsWith("'''", i))) {
      const q = text.slice(i, i + 3);
      const end = text.indexOf(q, i + 3);
      blank(i + 3, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 3;
    } else if (c === '"' || c === "'" || (!py && c === '`')) {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && !(ecosystem === 'go' && c === '`')) j++;
        else if (c !== '`' && text[j] === '\n') break;
        else if (c === '`' && ecosystem === 'npm' && text.startsWith('${', j)) {
          braces.push(0);
          break;
        }
        j++;
      }
      blank(i + 1, j);
      i = text.startsWith('${', j) ? j + 2 : j + 1;
    } else if (c === '{' && braces.length > 0) {
      braces[braces.length - 1]++;
      i++;
    } else if (c === '}' && braces.length > 0) {
      if (braces[braces.length - 1] === 0) {
        // Back into the template's text: scan it like a template that started here.
        braces.pop();
        let j = i + 1;
        while (j < text.length && text[j] !== '`') {
          if (text[j] === '\\') j++;
          else if (text.startsWith('${', j)) {
            braces.push(0);
            break;
          }
          j++;
        }
        blank(i + 1, j);
        i = text.startsWith('${', j) ? j + 2 : j + 1;
      } else {
        braces[braces.length - 1]--;
        i++;
      }
    } else i++;
  }
  return out.join('');
}

/** The plain identifier of a rename side, and its qualifier (`httpx.X` -> ['httpx', 'X']). */
function split(name: string): [string, string] | undefined {
  const bare = name.trim().replace(/\(\s*\)$/, '');
  const at = bare.lastIndexOf('.');
  const ident = bare.slice(at + 1);
  if (!IDENT.test(ident)) return undefined;
  return [at < 0 ? '' : bare.slice(0, at), ident];
}

/** The renames the fixer can tie to the package: plain names, or qualified by the module itself. */
function bindable(plan: DependencyRenamePlan): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const r of plan.renames) {
    const a = split(r.from);
    const b = split(r.to);
    if (!a || !b || a[1] === b[1]) continue;
    const ok = (q: string): boolean => q === '' || plan.modules.includes(q);
    if (!ok(a[0]) || !ok(b[0]) || (a[0] !== b[0] && a[0] !== '' && b[0] !== '')) continue;
    out.push({ from: a[1], to: b[1] });
  }
  return out;
}

interface Binding {
  /** Local names bound to an old export (named import without alias): renamed at every use. */
  locals: Set<string>;
  /** Names bound to the module itself (namespace, default, `import pkg`, Go package name). */
  namespaces: Set<string>;
  /** Replacement of the import statements' text: [start, end, newText]. */
  specEdits: [number, number, string][];
}

/** Rewrites one import list (`A, B as C`), renaming the old names' specifiers. */
function rewriteList(
  list: string,
  renames: Map<string, string>,
  locals: Set<string>,
  reexport: boolean,
  py: boolean
): string {
  const kw = py ? 'as' : 'as';
  return list.replace(
    new RegExp(
      `(^|[\\s,{(])(type\\s+)?([A-Za-z_$][\\w$]*)(\\s+${kw}\\s+[A-Za-z_$][\\w$]*)?(?=\\s*(?:,|}|\\)|$))`,
      'g'
    ),
    (all, pre: string, type: string | undefined, name: string, alias: string | undefined) => {
      const to = renames.get(name);
      if (!to) return all;
      if (alias) return `${pre}${type ?? ''}${to}${alias}`;
      if (reexport) return `${pre}${type ?? ''}${to} as ${name}`;
      locals.add(name);
      return `${pre}${type ?? ''}${to}`;
    }
  );
}

function jsBindings(text: string, modules: string[], renames: Map<string, string>): Binding {
  const b: Binding = { locals: new Set(), namespaces: new Set(), specEdits: [] };
  const mod = `['"](?:${modules.map(esc).join('|')})['"]`;
  const imp = new RegExp(`\\b(import|export)\\s+(type\\s+)?([^;'"]*?)\\s+from\\s*${mod}`, 'g');
  for (const m of text.matchAll(imp)) {
    const clause = m[3];
    const start = (m.index ?? 0) + m[0].indexOf(clause, m[1].length);
    const ns = /\*\s+as\s+([A-Za-z_$][\w$]*)/.exec(clause);
    if (ns) b.namespaces.add(ns[1]);
    const def = /^\s*([A-Za-z_$][\w$]*)\s*(?:,|$)/.exec(clause);
    if (def && m[1] === 'import' && def[1] !== 'type') b.namespaces.add(def[1]);
    const brace = /\{([^}]*)\}/.exec(clause);
    if (brace) {
      const s = start + (brace.index ?? 0) + 1;
      const next = rewriteList(brace[1], renames, b.locals, m[1] === 'export', false);
      if (next !== brace[1]) b.specEdits.push([s, s + brace[1].length, next]);
    }
  }
  const req = new RegExp(
    `\\b(?:const|let|var)\\s+(\\{[^}]*\\}|[A-Za-z_$][\\w$]*)\\s*=\\s*require\\s*\\(\\s*${mod}\\s*\\)`,
    'g'
  );
  for (const m of text.matchAll(req)) {
    if (!m[1].startsWith('{')) {
      b.namespaces.add(m[1]);
      continue;
    }
    const inner = m[1].slice(1, -1);
    const s = (m.index ?? 0) + m[0].indexOf(m[1]) + 1;
    // `{ A, B: C }`: a renamed key keeps its local name (`{ NewA: A }` would rename the local too).
    const next = inner.replace(
      /(^|[\s,])([A-Za-z_$][\w$]*)(\s*:\s*[A-Za-z_$][\w$]*)?(?=\s*(?:,|$))/g,
      (all, pre: string, name: string, alias?: string) => {
        const to = renames.get(name);
        if (!to) return all;
        if (alias) return `${pre}${to}${alias}`;
        b.locals.add(name);
        return `${pre}${to}`;
      }
    );
    if (next !== inner) b.specEdits.push([s, s + inner.length, next]);
  }
  return b;
}

function pyBindings(text: string, modules: string[], renames: Map<string, string>): Binding {
  const b: Binding = { locals: new Set(), namespaces: new Set(), specEdits: [] };
  const alt = modules.map(esc).join('|');
  const from = new RegExp(`^([ \\t]*from\\s+(?:${alt})\\s+import\\s+)(\\([^)]*\\)|[^\\n#]*)`, 'gm');
  for (const m of text.matchAll(from)) {
    const s = (m.index ?? 0) + m[1].length;
    const next = rewriteList(m[2], renames, b.locals, false, true);
    if (next !== m[2]) b.specEdits.push([s, s + m[2].length, next]);
  }
  const imp = new RegExp(`^[ \\t]*import\\s+([^\\n#]*)`, 'gm');
  for (const m of text.matchAll(imp)) {
    for (const part of m[1].split(',')) {
      const p = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (p && modules.includes(p[1])) b.namespaces.add(p[2] ?? p[1]);
    }
  }
  return b;
}

function goBindings(text: string, modules: string[]): Binding {
  const b: Binding = { locals: new Set(), namespaces: new Set(), specEdits: [] };
  for (const mod of modules) {
    const re = new RegExp(`(?:^|\\s)(?:([A-Za-z_]\\w*)\\s+)?"${esc(mod)}"`, 'gm');
    for (const m of text.matchAll(re)) {
      const parts = mod.split('/');
      const last = /^v\d+$/.test(parts[parts.length - 1]) ? parts[parts.length - 2] : parts[parts.length - 1];
      b.namespaces.add(m[1] ?? last.replace(/^go-/, '').replace(/[.-]/g, '_'));
    }
  }
  return b;
}

/** Line number (1-based) of an offset. */
function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The renamed text of one file, what changed, and the old names left in code. */
export function renameInText(
  file: string,
  text: string,
  plan: DependencyRenamePlan
): {
  text: string;
  changed: RenameResult['changed'];
  remaining: RenameResult['remaining'];
  refused?: string;
} {
  const renames = new Map(bindable(plan).map(r => [r.from, r.to]));
  const changed: RenameResult['changed'] = [];
  const remaining: RenameResult['remaining'] = [];
  if (renames.size === 0) return { text, changed, remaining };
  const b =
    plan.ecosystem === 'npm'
      ? jsBindings(text, plan.modules, renames)
      : plan.ecosystem === 'pypi'
        ? pyBindings(text, plan.modules, renames)
        : plan.ecosystem === 'go'
          ? goBindings(text, plan.modules)
          : undefined;
  // A file that does not import the package has nothing to do with the rename.
  if (!b || (b.locals.size === 0 && b.namespaces.size === 0 && b.specEdits.length === 0))
    return { text, changed, remaining };
  const mask = codeMask(text, plan.ecosystem);
  const inSpec = (at: number): boolean => b.specEdits.some(([s, e]) => at >= s && at < e);
  const repl: [number, number, string][] = [...b.specEdits];
  const names = [...renames.keys()].map(esc).join('|');
  const re = new RegExp(`(?<![\\w$])(${names})(?![\\w$])`, 'g');
  for (const m of mask.matchAll(re)) {
    const at = m.index ?? 0;
    const old = m[1];
    const to = renames.get(old) ?? old;
    if (inSpec(at)) continue;
    const before = mask.slice(Math.max(0, at - 200), at);
    const qual = /([A-Za-z_$][\w$]*)\s*\.\s*$/.exec(before);
    if (qual && b.namespaces.has(qual[1])) {
      repl.push([at, at + old.length, to]);
      changed.push({ file, line: lineAt(text, at), from: old, to });
    } else if (!qual && !/\.\s*$/.test(before) && b.locals.has(old)) {
      repl.push([at, at + old.length, to]);
      changed.push({ file, line: lineAt(text, at), from: old, to });
    } else remaining.push({ file, line: lineAt(text, at), symbol: old });
  }
  if (repl.length === 0) return { text, changed, remaining };
  // A file that already uses a new name as code: renaming could collide with it.
  for (const to of new Set(renames.values())) {
    const taken = new RegExp(`(?<![\\w$])${esc(to)}(?![\\w$])`).exec(mask);
    if (taken && !inSpec(taken.index)) {
      const qualified = /([A-Za-z_$][\w$]*)\s*\.\s*$/.exec(
        mask.slice(Math.max(0, taken.index - 200), taken.index)
      );
      if (!qualified || !b.namespaces.has(qualified[1]))
        return { text, changed: [], remaining, refused: `${file}: '${to}' is already a name there` };
    }
  }
  repl.sort((x, y) => y[0] - x[0]);
  let next = text;
  for (const [s, e, t] of repl) next = next.slice(0, s) + t + next.slice(e);
  changed.sort((x, y) => x.line - y.line);
  return { text: next, changed, remaining };
}

/** The edits renaming every usage in the tree (only files that import the package are read). */
export async function dependencyRenameEdits(
  workdir: string,
  plan: DependencyRenamePlan
): Promise<RenameResult> {
  const result: RenameResult = { edits: [], changed: [], remaining: [], refused: [] };
  const exts = EXTS[plan.ecosystem];
  if (!exts || bindable(plan).length === 0) return result;
  const files = await listTreeFiles(workdir, '', {
    skipDirs: SKIP,
    skipDir: n => n.startsWith('.'),
    acceptFile: n => exts.some(x => n.endsWith(x)),
    limit: 20000
  });
  for (const file of files) {
    let text: string | null;
    try {
      text = await readTreeFile(workdir, file, MAX_BYTES);
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error;
      result.refused.push(`${file}: ${error.message}`);
      continue;
    }
    if (text === null) continue;
    const r = renameInText(file, text, plan);
    result.remaining.push(...r.remaining);
    if (r.refused) result.refused.push(r.refused);
    const edit = minimalEdit(file, text, r.text);
    if (edit) {
      result.edits.push(edit);
      result.changed.push(...r.changed);
    }
  }
  return result;
}

/** The fixer the dependency lane builds with the renames it found; declines unless every use is covered. */
export class DependencyRenameFixer implements Fixer {
  readonly name = 'dependency-rename';

  constructor(private readonly plan: DependencyRenamePlan) {}

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const r = await dependencyRenameEdits(input.workdir, this.plan);
    if (r.edits.length === 0) return null;
    if (r.remaining.length > 0 || r.refused.length > 0) {
      input.log(
        `fixer ${this.name}: not every use can be tied to ${this.plan.name} (${[
          ...r.remaining.map(x => `${x.file}:${x.line} ${x.symbol}`),
          ...r.refused
        ]
          .slice(0, 5)
          .join('; ')})`
      );
      return null;
    }
    const pairs = [...new Set(r.changed.map(c => `'${c.from}' -> '${c.to}'`))].join(', ');
    return {
      fixer: this.name,
      edits: r.edits,
      summary: `${this.plan.name}: renamed ${pairs} at ${r.changed.length} use(s) in ${r.edits.length} file(s)`
    };
  }
}
