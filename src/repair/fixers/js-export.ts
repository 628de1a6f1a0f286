/**
 * Misspelled names of another module or of a class, in JavaScript/TypeScript, resolved from a real
 * parse of the project (js-project.ts):
 *
 * - Node's ESM `SyntaxError: The requested module './util.js' does not provide an export named
 *   'formatDat'` (and its CommonJS form `Named export 'formatDat' not found`), and tsc's `TS2305:
 *   Module '"./util"' has no exported member 'formatDat'.` (tsc gave no suggestion): the one export
 *   of that module of the tree near the name replaces it in the import, and in every use of the
 *   binding when the import has no alias;
 * - `TypeError: x.metod is not a function` and `TypeError: Cannot read properties of undefined
 *   (reading 'y')` on `x.metod.y`, where `x` is provably an instance of a class of the tree (`const
 *   x = new C(...)`, or `this` in a method of C), the class itself, or a namespace import of a
 *   module of the tree: the one member (own or inherited) near the name replaces it.
 *
 * Whenever a file does not parse, a module or base class is outside the tree, members could be
 * added where this does not see, or two names are as near: nothing.
 */
import { stripAnsi } from '../../triage/ansi.js';
import type { Edit } from '../../types.js';
import type { Node, ParsedFile } from './js-parse.js';
import {
  descendants,
  FUNCTION_MEMBERS,
  importBindings,
  importStatementOf,
  JsProject,
  namesInScope,
  OBJECT_MEMBERS,
  resolveScope,
  scopeDecls,
  topLevelDeclarations
} from './js-project.js';
import { lineStarts } from './js-reference.js';
import { framesAfter, importedCallAt, importedCallName, importerOf, isLibraryFrame } from './js-stack.js';
import { tokenEdits, uniqueNear, type TokenFix } from './near.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { locateFile, minimalEdit } from './util.js';

/** An import of a name the module does not export. */
export interface MissingExport {
  /** The importing file as printed. */
  file: string;
  line: number;
  /** The module specifier as written in the import. */
  specifier: string;
  name: string;
  how: 'node' | 'ts';
}

/** A member of an object that is not there at run time. */
export interface MissingMember {
  /** `call`, `read`: a TypeError at run time; `ts`: tsc's TS2339 without a suggestion. */
  kind: 'call' | 'read' | 'ts';
  /** `X.name is not a function`: the object's text; for `read`, undefined (found by position). */
  object?: string;
  name: string;
  /** For `ts`: the type tsc names (`Color`, `Box<T>`, `typeof Color`). */
  type?: string;
  /** Where (for `ts`, the column of the property name). */
  frame: { file: string; line: number; col: number };
}

const WHERE = /^(?:#\s*)?((?:file:\/\/)?[^\s()'"]+?\.[cm]?[jt]sx?):(\d+)\s*$/;
const NO_EXPORT = /The requested module '([^']+)' does not provide an export named '([^']+)'/;
const NO_CJS_EXPORT =
  /Named export '([^']+)' not found\. The requested module '([^']+)' is a CommonJS module/;
// TS2305 `Module '"./m"' has no exported member 'x'.`, and TS2724 `'"./m"' has no exported member
// named 'x'. Did you mean 'y'?`: tsc's pick is not taken (it takes one of two as near names, and the
// file's uses keep the old name); the tree's own exports decide, as for TS2305.
const TS_PLAIN = /^(.+?)\((\d+),(\d+)\): error TS(?:2305|2724): (.*)$/;
const TS_PRETTY = /^(.+?):(\d+):(\d+) - error TS(?:2305|2724): (.*)$/;
const TS_MESSAGE =
  /^(?:Module )?'"(\.{1,2}\/[^"]*)"' has no exported member (?:named )?'([\w$]+)'\.(?: Did you mean '[\w$]+'\?)?$/;
// TS2339 with no `Did you mean` (tsc found no name near enough by its own rule).
const TS_NO_PROPERTY_PLAIN = /^(.+?)\((\d+),(\d+)\): error TS2339: (.*)$/;
const TS_NO_PROPERTY_PRETTY = /^(.+?):(\d+):(\d+) - error TS2339: (.*)$/;
const TS_NO_PROPERTY = /^Property '([\w$]+)' does not exist on type '([^']+)'\.$/;
// TAP (node --test) quotes the message with "..." when it holds a ', with '...' otherwise.
const NOT_FUNCTION =
  /^(?:TypeError(?: \[Error\])?: |error: ['"])((?:this|[A-Za-z_$][\w$]*))\.([A-Za-z_$][\w$]*) is not a function['"]?$/;
const UNDEFINED_READ =
  /^(?:TypeError(?: \[Error\])?: |error: ['"])Cannot (?:read|set) properties of undefined \((?:reading|setting) '([A-Za-z_$][\w$]*)'\)['"]?$/;

const clean = (f: string): string => f.replace(/^file:\/\//, '');

/** The 0-based line of a character offset, given the line starts. */
function lineOf(starts: number[], index: number): number {
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1] <= index) i++;
  return i;
}

/** Node's and tsc's reports of an imported name a module of the tree does not export. */
export function parseMissingExports(output: string): MissingExport[] {
  const lines = output.replace(/\r\n/g, '\n').split('\n');
  const out: MissingExport[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    const ts = TS_PLAIN.exec(raw) ?? TS_PRETTY.exec(raw);
    const tm = ts ? TS_MESSAGE.exec(ts[4].trim()) : null;
    if (ts && tm) {
      out.push({ file: ts[1].trim(), line: Number(ts[2]), specifier: tm[1], name: tm[2], how: 'ts' });
      continue;
    }
    const esm = NO_EXPORT.exec(raw);
    const cjs = esm ? null : NO_CJS_EXPORT.exec(raw);
    if (!esm && !cjs) continue;
    const [specifier, name] = esm ? [esm[1], esm[2]] : [cjs![2], cjs![1]];
    // Node prints the importing file and line, then the import's source line and a caret line.
    for (let j = i - 1; j >= Math.max(0, i - 4); j--) {
      const w = WHERE.exec(lines[j].trim());
      if (w) {
        out.push({ file: clean(w[1]), line: Number(w[2]), specifier, name, how: 'node' });
        break;
      }
    }
    // jest's native ESM names no importing file: exportFix looks for it (importerOf).
    if (!out.some(m => m.specifier === specifier && m.name === name))
      out.push({ file: '', line: 0, specifier, name, how: 'node' });
  }
  const seen = new Set<string>();
  return out.filter(m => {
    const k = `${m.file}:${m.specifier}:${m.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** `TypeError`s of a missing member, with the first stack frame (where the error was thrown). */
export function parseMissingMembers(output: string): MissingMember[] {
  const lines = output.replace(/\r\n/g, '\n').split('\n');
  const out: MissingMember[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    // A call as a transform prints it (babel, vitest): `object` stays undefined, see importedFix.
    const imported = importedCallName(raw);
    const call = imported ? null : NOT_FUNCTION.exec(raw);
    const read = call || imported ? null : UNDEFINED_READ.exec(raw);
    if (!call && !read && !imported) continue;
    // TAP (node --test) puts the error's name on a line of its own.
    if (raw.startsWith('error:') && !lines.slice(i, i + 4).some(l => /name: 'TypeError'/.test(l))) continue;
    const frame = framesAfter(lines, i, 16)[0];
    if (!frame || isLibraryFrame(frame.file)) continue;
    out.push(
      imported
        ? { kind: 'call', name: imported, frame }
        : call
          ? { kind: 'call', object: call[1], name: call[2], frame }
          : { kind: 'read', name: read![1], frame }
    );
  }
  return out;
}

/**
 * tsc's `TS2339: Property 'x' does not exist on type 'Y'.` without a `Did you mean` (with one, the
 * ts-suggestion fixer applies tsc's own), plain or pretty (colours stripped).
 */
export function parseTsMissingProperties(output: string): MissingMember[] {
  const out: MissingMember[] = [];
  const seen = new Set<string>();
  for (const raw of stripAnsi(output).replace(/\r\n/g, '\n').split('\n')) {
    const m = TS_NO_PROPERTY_PLAIN.exec(raw.trim()) ?? TS_NO_PROPERTY_PRETTY.exec(raw.trim());
    const p = m ? TS_NO_PROPERTY.exec(m[4].trim()) : null;
    if (!m || !p) continue;
    const frame = { file: m[1].trim(), line: Number(m[2]), col: Number(m[3]) };
    const key = `${frame.file}:${frame.line}:${frame.col}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kind: 'ts', name: p[1], type: p[2], frame });
  }
  return out;
}

/** Text replacements (start, end, text) applied right to left. */
function replaceAll(text: string, reps: { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const r of [...reps].sort((a, b) => b.start - a.start))
    out = out.slice(0, r.start) + r.text + out.slice(r.end);
  return out;
}

/**
 * Replacements renaming an imported name: the specifier's name, and with no alias every use of
 * the binding. Undefined when a use cannot be renamed safely (a shorthand property or an export of
 * the binding would change a key, or `right` is declared where a use is).
 */
export function renameImport(
  f: ParsedFile,
  nameNode: Node,
  wrong: string,
  right: string
): { start: number; end: number; text: string }[] | undefined {
  const spec = nameNode.parent;
  if (!spec || spec.type !== 'import_specifier' || nameNode.type !== 'identifier') return undefined;
  const at = { start: nameNode.startIndex, end: nameNode.endIndex, text: right };
  if (spec.childForFieldName('alias')) return [at];
  const top = topLevelDeclarations(f.root);
  if (top.has(right) || top.get(wrong)?.id !== nameNode.id) return undefined;
  const reps = [at];
  for (const n of descendants(f.root, [
    'identifier',
    'shorthand_property_identifier',
    'type_identifier',
    'type_parameter'
  ])) {
    if (n.id === nameNode.id) continue;
    if (n.type === 'type_parameter') {
      if (n.childForFieldName('name')?.text === wrong) return undefined;
      continue;
    }
    if (n.text !== wrong) continue;
    // The name another module exports, in another import (`import { x as y } from './other.js'`).
    if (n.parent?.type === 'import_specifier') continue;
    if (n.type === 'type_identifier') {
      reps.push({ start: n.startIndex, end: n.endIndex, text: right });
      continue;
    }
    const scope = resolveScope(n, wrong);
    if (scope?.type !== 'program') continue; // another binding of the same name
    if (n.type === 'shorthand_property_identifier' || n.parent?.type === 'export_specifier') return undefined;
    if (namesInScope(n).has(right)) return undefined;
    reps.push({ start: n.startIndex, end: n.endIndex, text: right });
  }
  return reps;
}

/** The members an object expression provably has, with the names assigned on it elsewhere. */
interface KnownMembers {
  members: Set<string>;
  what: string;
  /** The type as tsc names it: `C` (an instance), `typeof C` (the class); none for a module. */
  type?: string;
}

/**
 * What `obj` (a `this` or an identifier node of file `rel`) is, and its members: an instance of a
 * class of the tree, the class itself, or a namespace import of a module of the tree. Undefined
 * when not provable.
 */
async function membersOf(project: JsProject, f: ParsedFile, obj: Node): Promise<KnownMembers | undefined> {
  if (obj.type === 'this') {
    const t = await project.thisOf(f.file, obj);
    if (!t) return undefined;
    const m = await project.classMembers(t.file, t.decl);
    if (!m) return undefined;
    const own = t.isStatic ? m.statics : m.instance;
    const extra = t.isStatic ? [...OBJECT_MEMBERS, ...FUNCTION_MEMBERS] : OBJECT_MEMBERS;
    const cname = t.decl.childForFieldName('name')?.text;
    return {
      members: new Set([...own.keys(), ...extra]),
      what: `this (${cname ?? 'class'})`,
      type: cname && (t.isStatic ? `typeof ${cname}` : cname)
    };
  }
  if (obj.type !== 'identifier') return undefined;
  const name = obj.text;
  const scope = resolveScope(obj, name);
  if (!scope) return undefined;
  const decl = scopeDecls(scope).values.get(name);
  if (!decl) return undefined;
  // Properties assigned on the object anywhere in the file, or added by Object.assign & co.
  const assigned: string[] = [];
  for (const m of descendants(f.root, 'member_expression')) {
    const o = m.childForFieldName('object');
    if (o?.type !== 'identifier' || o.text !== name || resolveScope(o, name)?.id !== scope.id) continue;
    const p = m.parent;
    if (
      (p?.type === 'assignment_expression' || p?.type === 'augmented_assignment_expression') &&
      p.childForFieldName('left')?.id === m.id
    )
      assigned.push(m.childForFieldName('property')?.text ?? '');
  }
  for (const c of descendants(f.root, 'call_expression')) {
    const fn = c.childForFieldName('function')?.text ?? '';
    const first = c.childForFieldName('arguments')?.namedChildren[0];
    if (/^Object\.(assign|defineProperty|defineProperties|setPrototypeOf)$/.test(fn) && first?.text === name)
      return undefined;
  }
  if (decl.type === 'variable_declarator') {
    const isConst = decl.parent?.type === 'lexical_declaration' && decl.parent.children[0]?.type === 'const';
    const value = decl.childForFieldName('value');
    if (!isConst || decl.childForFieldName('name')?.type !== 'identifier' || value?.type !== 'new_expression')
      return undefined;
    const ctor = value.childForFieldName('constructor');
    if (ctor?.type !== 'identifier') return undefined;
    const cls = await project.classNamed(f.file, ctor, ctor.text);
    const m = cls ? await project.classMembers(cls.file, cls.decl) : null;
    if (!m) return undefined;
    return {
      members: new Set([...m.instance.keys(), ...OBJECT_MEMBERS, ...assigned]),
      what: `a ${ctor.text}`,
      type: cls?.decl.childForFieldName('name')?.text
    };
  }
  const cls = await project.classNamed(f.file, obj, name);
  if (cls) {
    const m = await project.classMembers(cls.file, cls.decl);
    if (!m) return undefined;
    return {
      members: new Set([...m.statics.keys(), ...OBJECT_MEMBERS, ...FUNCTION_MEMBERS, ...assigned]),
      what: `class ${name}`,
      type: `typeof ${cls.decl.childForFieldName('name')?.text ?? name}`
    };
  }
  const st = importStatementOf(decl);
  if (st && scope.type === 'program') {
    const b = importBindings(st).find(x => x.local === name);
    if (!b || b.imported !== '*' || b.typeOnly) return undefined;
    const how = /\.[cm]?tsx?$/.test(f.file) ? 'ts' : 'node';
    const target = await project.resolveModule(f.file, b.source, how);
    const names = target ? await project.exportsOf(target, how) : null;
    if (!names) return undefined;
    return { members: new Set([...names, ...assigned]), what: `module ${b.source}` };
  }
  return undefined;
}

/** See the file comment. */
export class JsExportFixer implements Fixer {
  readonly name = 'js-export';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const project = new JsProject(input.workdir, input.log);
    const log = (m: string): void => input.log(`fixer ${this.name}: ${m}`);
    try {
      const edits: Edit[] = [];
      const summaries: string[] = [];
      const touched = new Set<string>();
      for (const miss of parseMissingExports(input.failureOutput)) {
        const r = await this.exportFix(project, input.workdir, miss, log);
        if (!r || touched.has(r.edit.file)) continue;
        touched.add(r.edit.file);
        edits.push(r.edit);
        summaries.push(r.summary);
      }
      const fixes: TokenFix[] = [];
      for (const miss of [
        ...parseMissingMembers(input.failureOutput),
        ...parseTsMissingProperties(input.failureOutput)
      ]) {
        if (miss.kind === 'call' && miss.object === undefined) {
          const r = await this.importedFix(project, input.workdir, miss, log);
          if (r && 'edit' in r && !touched.has(r.edit.file)) {
            touched.add(r.edit.file);
            edits.push(r.edit);
            summaries.push(r.summary);
          }
          if (!r || 'edit' in r) continue;
          miss.object = r.object;
        }
        const fix = await this.memberFix(project, input.workdir, miss, log);
        if (fix && !touched.has(fix.file)) fixes.push(fix);
      }
      const more = await tokenEdits(input.workdir, fixes, log);
      edits.push(...more.edits);
      summaries.push(...more.summaries);
      return edits.length > 0 ? { fixer: this.name, edits, summary: summaries.join('; ') } : null;
    } finally {
      await project.dispose();
    }
  }

  private async exportFix(
    project: JsProject,
    workdir: string,
    miss: MissingExport,
    log: (m: string) => void
  ): Promise<{ edit: Edit; summary: string } | undefined> {
    const rel = miss.file
      ? await locateFile(workdir, miss.file)
      : await importerOf(project, workdir, miss.specifier, miss.name);
    const f = rel ? await project.file(rel) : null;
    if (!rel || !f) {
      log(
        `${miss.file || `the one importer of '${miss.name}' from '${miss.specifier}'`} is not a parsed file of the tree`
      );
      return undefined;
    }
    const target = await project.resolveModule(rel, miss.specifier, miss.how);
    const exported = target ? await project.exportsOf(target, miss.how) : null;
    if (!target || !exported) {
      log(`the exports of '${miss.specifier}' (from ${rel}) are not known`);
      return undefined;
    }
    if (exported.has(miss.name)) {
      log(`${target} does export '${miss.name}': something else failed`);
      return undefined;
    }
    const right = uniqueNear(
      miss.name,
      [...exported].filter(n => n !== 'default')
    );
    if (!right) {
      log(`no single export of ${target} near '${miss.name}'`);
      return undefined;
    }
    const specs = descendants(f.root, 'import_statement')
      .flatMap(st => importBindings(st))
      .filter(b => b.source === miss.specifier && b.imported === miss.name && b.imported !== '*');
    if (specs.length !== 1) {
      log(`'${miss.name}' is not imported exactly once from '${miss.specifier}' in ${rel}`);
      return undefined;
    }
    const starts = lineStarts(f.text);
    const line = lineOf(starts, specs[0].node.startIndex) + 1;
    if (miss.how === 'ts' && line !== miss.line) {
      log(`the import of '${miss.name}' is not at ${rel}:${miss.line}`);
      return undefined;
    }
    const reps = renameImport(f, specs[0].node, miss.name, right);
    if (!reps) {
      log(`'${miss.name}' cannot be renamed to '${right}' everywhere in ${rel}`);
      return undefined;
    }
    const edit = minimalEdit(rel, f.text, replaceAll(f.text, reps));
    if (!edit) return undefined;
    return {
      edit,
      summary: `${rel}:${line}: '${miss.name}' -> '${right}' (${reps.length} place${reps.length > 1 ? 's' : ''}; ${target} exports no '${miss.name}')`
    };
  }

  /**
   * A call a transform renamed (`(0 , _util.formatDat)`, vitest's bare `formatDat`), mapped back
   * to the import of the file at the frame: an imported name the module lacks is fixed as Node's
   * missing export; a namespace's member gets its object and goes on as `ns.name`.
   */
  private async importedFix(
    project: JsProject,
    workdir: string,
    miss: MissingMember,
    log: (m: string) => void
  ): Promise<{ edit: Edit; summary: string } | { object: string } | undefined> {
    const rel = await locateFile(workdir, miss.frame.file);
    const f = rel ? await project.file(rel) : null;
    const call = f ? importedCallAt(f, miss.frame.line, miss.frame.col, miss.name) : undefined;
    if (!rel || !call) {
      log(`no import called '${miss.name}' at ${miss.frame.file}:${miss.frame.line}`);
      return undefined;
    }
    if (call.kind === 'namespace') return { object: call.object };
    const how = /\.[cm]?tsx?$/.test(rel) ? 'ts' : 'node';
    return this.exportFix(
      project,
      workdir,
      { file: rel, line: call.line, specifier: call.specifier, name: call.name, how },
      log
    );
  }

  private async memberFix(
    project: JsProject,
    workdir: string,
    miss: MissingMember,
    log: (m: string) => void
  ): Promise<TokenFix | undefined> {
    const rel = await locateFile(workdir, miss.frame.file);
    const f = rel ? await project.file(rel) : null;
    if (!rel || !f) {
      log(`${miss.frame.file} is not a parsed file of the tree`);
      return undefined;
    }
    const starts = lineStarts(f.text);
    const lineStart = starts[miss.frame.line - 1];
    if (lineStart === undefined) return undefined;
    const lineEnd = starts[miss.frame.line] ?? f.text.length + 1;
    const at = lineStart + miss.frame.col - 1;
    // The member expression the error is about: `X.name` (a call) or `X.typo.name` (a read).
    const onLine = descendants(f.root, 'member_expression').filter(m => {
      const p = m.childForFieldName('property');
      return p?.text === miss.name && p.startIndex >= lineStart && p.startIndex < lineEnd;
    });
    const pick = onLine.filter(m => m.childForFieldName('property')?.startIndex === at);
    const chosen = pick.length === 1 ? pick : onLine;
    if (chosen.length !== 1) {
      log(`'.${miss.name}' is not exactly once at ${rel}:${miss.frame.line}`);
      return undefined;
    }
    let member = chosen[0];
    if (miss.kind === 'ts') {
      if (pick.length !== 1) return undefined; // tsc's column is the property's
    } else if (miss.kind === 'call') {
      if (member.childForFieldName('object')?.text !== miss.object) return undefined;
    } else {
      const inner = member.childForFieldName('object');
      if (inner?.type !== 'member_expression') return undefined;
      member = inner;
    }
    const obj = member.childForFieldName('object');
    const prop = member.childForFieldName('property');
    if (!obj || prop?.type !== 'property_identifier') return undefined;
    const known = await membersOf(project, f, obj);
    if (!known) {
      log(`what '${obj.text}' is at ${rel}:${miss.frame.line} is not known`);
      return undefined;
    }
    if (miss.kind === 'ts') {
      // tsc's type must be the class found (its name, type arguments aside).
      if (!known.type || miss.type?.replace(/<.*>$/, '') !== known.type) {
        log(`tsc's type '${miss.type}' at ${rel}:${miss.frame.line} is not ${known.what}`);
        return undefined;
      }
    }
    const wrong = prop.text;
    const right = uniqueNear(
      wrong,
      [...known.members].filter(n => !n.startsWith('#'))
    );
    if (!right) {
      log(`no single member of ${known.what} near '${wrong}'`);
      return undefined;
    }
    const propLine = lineOf(starts, prop.startIndex);
    return {
      file: rel,
      line: propLine + 1,
      index: prop.startIndex - starts[propLine],
      wrong,
      right,
      note:
        miss.kind === 'ts'
          ? `TS2339: ${known.what} has no '${wrong}'`
          : `TypeError: ${known.what} has no '${wrong}'`
    };
  }
}
