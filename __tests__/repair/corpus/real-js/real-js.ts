/**
 * The real-project corpus of the JavaScript fixers: small pure-JavaScript libraries with their own
 * tests (pinned snapshots of public repositories, stored as `<name>.tar.gz`), and mutants that each
 * inject one mechanical bug, found by the fixers' own tree-sitter parse. The original file is the
 * reference fix. `projects.json` lists the projects and their split (`dev`: looked at while
 * improving the fixers; `holdout`: scored only, its misses never looked at); `mutants.json` holds
 * the mutants checked to fail with the expected error in the test image.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { dialectOf, parseSource, type Node } from '../../../../src/repair/fixers/js-parse.js';
import {
  descendants,
  importBindings,
  importStatementOf,
  resolveScope
} from '../../../../src/repair/fixers/js-project.js';
import type { ProjectSpec, Sandbox } from '../../../../src/sandbox/port.js';
import { IMAGES, runCase, type CaseResult, type CorpusCase } from '../measure.js';
import {
  archiveFiles,
  measureMutants,
  mutantFiles,
  typo,
  writeTreeTo,
  type MeasureOptions,
  type Mutant,
  type MutantResult
} from '../real/real.js';

/** The outcome of one JS mutant over one or more runs. */
export type JsMutantResult = Omit<MutantResult, 'mutant'> & { mutant: JsMutant };

export const REAL_JS_DIR = path.resolve('__tests__/repair/corpus/real-js');

export interface RealJsProject {
  name: string;
  repo: string;
  commit: string;
  version: string;
  license: string;
  split: 'dev' | 'holdout';
  /** Files whose code is mutated (the library, not its tests). */
  sources: string[];
  test: string;
  /** The upstream test command, and why this one differs. */
  upstream: string;
}

/**
 * `name`: a use of a module-level function, class or const inside a function (ReferenceError);
 * `import-name`: a name of a relative named import (ESM: does not provide an export named);
 * `this-method`: the method of a call on `this` (TypeError: this.x is not a function).
 */
export type JsMutantKind = 'name' | 'import-name' | 'this-method';

/** One injected bug: line `line` of `file` reads `to` instead of `from`. */
export type JsMutant = Omit<Mutant, 'kind'> & { kind: JsMutantKind };

export const loadJsProjects = async (): Promise<RealJsProject[]> =>
  JSON.parse(await readFile(path.join(REAL_JS_DIR, 'projects.json'), 'utf8')) as RealJsProject[];

export const loadJsMutants = async (): Promise<JsMutant[]> =>
  JSON.parse(await readFile(path.join(REAL_JS_DIR, 'mutants.json'), 'utf8')) as JsMutant[];

/** The files of a project (path -> text), from its archive, in path order. */
export const jsProjectFiles = (name: string): Promise<Record<string, string>> =>
  archiveFiles(path.join(REAL_JS_DIR, `${name}.tar.gz`));

const JS_RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while ' +
    'with yield let static await async of get set undefined arguments eval'
  ).split(' ')
);

/** Every identifier-like word of the project and the reserved words: no typo may be one. */
export function takenNames(files: Record<string, string>): Set<string> {
  const taken = new Set(JS_RESERVED);
  for (const t of Object.values(files)) for (const w of t.match(/[A-Za-z_$][\w$]*/g) ?? []) taken.add(w);
  return taken;
}

export interface JsSite {
  kind: JsMutantKind;
  file: string;
  line: number;
  /** 0-based column of the name on its line. */
  col: number;
  name: string;
}

const FUNCTION_TYPES = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function'
]);

const insideFunction = (n: Node): boolean => {
  for (let p = n.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return true;
  return false;
};

/** The mutation sites of one source file, from the tree-sitter parse the fixers use. */
export async function findJsSites(file: string, text: string): Promise<JsSite[]> {
  const dialect = dialectOf(file);
  if (!dialect) return [];
  const tree = await parseSource(text, dialect);
  if (!tree) throw new Error(`${file} does not parse`);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const at = (n: Node): { line: number; col: number } => {
    const row = n.startPosition.row;
    return { line: row + 1, col: n.startIndex - lineStarts[row] };
  };
  const out: JsSite[] = [];
  try {
    const root = tree.rootNode;
    for (const id of descendants(root, 'identifier')) {
      if (!insideFunction(id)) continue;
      const parent = id.parent;
      if (!parent || ['export_specifier', 'import_specifier', 'namespace_import'].includes(parent.type))
        continue;
      if (parent.childForFieldName('name')?.id === id.id) continue; // a declaration, not a use
      const scope = resolveScope(id, id.text);
      if (scope?.type !== 'program') continue;
      // Module-level functions, classes and consts only: an imported binding is the import kinds' business.
      const declNode = scopeDeclOf(root, id.text);
      if (!declNode || importStatementOf(declNode)) continue;
      out.push({ kind: 'name', file, ...at(id), name: id.text });
    }
    for (const st of descendants(root, 'import_statement')) {
      for (const b of importBindings(st))
        if (
          b.source.startsWith('.') &&
          b.imported !== 'default' &&
          b.imported !== '*' &&
          b.node.type === 'identifier'
        )
          out.push({ kind: 'import-name', file, ...at(b.node), name: b.imported });
    }
    for (const call of descendants(root, 'call_expression')) {
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'member_expression') continue;
      const obj = fn.childForFieldName('object');
      const prop = fn.childForFieldName('property');
      if (obj?.type !== 'this' || prop?.type !== 'property_identifier') continue;
      out.push({ kind: 'this-method', file, ...at(prop), name: prop.text });
    }
  } finally {
    tree.delete();
  }
  return out;
}

function scopeDeclOf(root: Node, name: string): Node | undefined {
  for (const c of root.namedChildren) {
    if (!c) continue;
    if (c.type === 'import_statement') {
      if (importBindings(c).some(b => b.local === name)) return c;
      continue;
    }
    const d = c.type === 'export_statement' ? c.childForFieldName('declaration') : c;
    if (!d) continue;
    if (d.childForFieldName('name')?.text === name) return d;
    if (d.type === 'lexical_declaration' || d.type === 'variable_declaration')
      for (const v of d.namedChildren)
        if (v?.type === 'variable_declarator' && v.childForFieldName('name')?.text === name) return v;
  }
  return undefined;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The order sites are tried in: a SHA-256 of the site (the same every time). */
export const siteKey = (project: string, s: JsSite): string =>
  sha(`${project}:${s.kind}:${s.file}:${s.line}:${s.col}:${s.name}`);

/** The mutant of a site, or undefined when no typo fits. */
export function mutateJs(
  project: string,
  site: JsSite,
  line: string,
  taken: Set<string>
): JsMutant | undefined {
  if (line.slice(site.col, site.col + site.name.length) !== site.name) return undefined;
  const seed = `${project}:${site.file}:${site.line}:${site.col}:${site.kind}:${site.name}`;
  const t = typo(site.name, seed, taken);
  if (!t || !/^[A-Za-z_$][\w$]*$/.test(t)) return undefined;
  const to = line.slice(0, site.col) + t + line.slice(site.col + site.name.length);
  const error =
    site.kind === 'name'
      ? `${t} is not defined`
      : site.kind === 'import-name'
        ? `does not provide an export named '${t}'`
        : `this.${t} is not a function`;
  return {
    id: `${project}/${site.kind}/${site.file}:${site.line}:${site.name}`,
    project,
    kind: site.kind,
    file: site.file,
    line: site.line,
    from: line,
    to,
    error
  };
}

export const jsProjectSpec = (p: RealJsProject): ProjectSpec => ({
  language: 'node',
  image: IMAGES.node,
  test: p.test,
  detectedFrom: 'corpus'
});

/** True when a mutant fails in the test image with its expected error. */
export async function checkJsMutant(
  sandbox: Sandbox,
  p: RealJsProject,
  files: Record<string, string>,
  m: JsMutant
): Promise<boolean> {
  const dir = await writeTreeTo(mutantFiles(files, m as unknown as Mutant), 'nw-jsmutant-');
  try {
    const r = await sandbox.run({ workdir: dir, spec: jsProjectSpec(p) });
    return r.exitCode !== 0 && r.output.includes(m.error);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The corpus case of a mutant: the reference fix is the original file, byte for byte. */
export function jsMutantCase(p: RealJsProject, files: Record<string, string>, m: JsMutant): CorpusCase {
  const broken = mutantFiles(files, m as unknown as Mutant);
  return {
    id: m.id.replace(/[^\w.-]+/g, '_'),
    note: `${m.kind} in ${m.file}:${m.line}`,
    language: 'node',
    test: p.test,
    expect: 'fixed',
    fix: [{ file: m.file, from: broken[m.file], to: files[m.file] }],
    files: broken
  };
}

export const runJsMutant = (
  sandbox: Sandbox,
  p: RealJsProject,
  files: Record<string, string>,
  m: JsMutant
): Promise<CaseResult> => runCase(jsMutantCase(p, files, m), sandbox);

/** Runs the fixers on each selected JavaScript mutant `runs` times. */
export const measureRealJs = (sandbox: Sandbox, opts: MeasureOptions = {}): Promise<JsMutantResult[]> =>
  measureMutants(
    sandbox,
    { projects: loadJsProjects, mutants: loadJsMutants, files: jsProjectFiles, run: runJsMutant },
    opts
  );
