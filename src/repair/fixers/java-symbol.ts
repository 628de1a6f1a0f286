import type { FixProposal, Fixer, FixerInput } from './types.js';
import { locateProjectFile, tokenEdits, uniqueNear, type TokenFix } from './near.js';
import { identifierPositions, listFiles, readSource } from './util.js';

/** One javac `cannot find symbol` (plain javac/Gradle, or Maven's `[ERROR] file:[l,c]` form). */
export interface JavaMissingSymbol {
  file: string;
  line: number;
  /** 1-based column when the tool gave one (Maven), or the caret's (javac). */
  col?: number;
  kind: 'method' | 'variable';
  wrong: string;
  /** Argument count of a method symbol (`fooo(int,String)`: 2). */
  arity?: number;
  /**
   * The type of `location: class C` (also interface, enum, record) or `location: variable v of type
   * C`, as javac names it (`p.Outer.C`); absent when javac printed no location (`this.x`: javac 17
   * names no location for a missing field through `this`).
   */
  location?: string;
  /** How the location was given: the class searched, or the type of the variable before the dot. */
  via: 'class' | 'variable' | 'none';
}

const JAVAC = /^(\S.*?\.java):(\d+): error: cannot find symbol\s*$/;
const MAVEN = /^(\S.*?\.java):\[(\d+),(\d+)\] (?:error: )?cannot find symbol\s*$/;
/** The start of any diagnostic (javac's or Maven's form): the end of the one before. */
const ANY_HEADER = /^\S.*?\.java:(?:\d+: |\[\d+,\d+\] )/;
const SYMBOL = /^symbol\s*:\s+(method|variable)\s+([A-Za-z_$][\w$]*)(?:\((.*)\))?\s*$/;
const LOCATION = /^location\s*:\s+(?:class|interface|enum|record)\s+([\w$.]+)(?:<.*>)?\s*$/;
const LOCATION_VARIABLE = /^location\s*:\s+variable\s+[\w$]+\s+of\s+type\s+([\w$.]+)\s*$/;
/** Any location line: one this fixer does not read (a generic type, a package) declines. */
const ANY_LOCATION = /^location\s*:/;

/** Splits `int,java.util.Map<K,V>,String` at top-level commas. */
function argCount(args: string): number {
  if (args.trim() === '') return 0;
  let depth = 0;
  let n = 1;
  for (const c of args) {
    if (c === '<') depth++;
    else if (c === '>') depth--;
    else if (c === ',' && depth === 0) n++;
  }
  return n;
}

/** The `cannot find symbol` reports of javac, Gradle or Maven output that name a method or variable. */
export function parseJavaMissingSymbols(output: string): JavaMissingSymbol[] {
  const lines = output.split(/\r?\n/).map(l => l.replace(/^\[(?:ERROR|WARNING)\]\s?/, ''));
  const out: JavaMissingSymbol[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i].trim();
    const j = JAVAC.exec(head);
    const m = j ? null : MAVEN.exec(head);
    if (!j && !m) continue;
    let col = m ? Number(m[3]) : undefined;
    let symbol: RegExpExecArray | null = null;
    let location: RegExpExecArray | null = null;
    let via: JavaMissingSymbol['via'] = 'none';
    let otherLocation = false;
    for (let k = i + 1; k < Math.min(lines.length, i + 7); k++) {
      const t = lines[k].trim();
      if (ANY_HEADER.test(t) || /^\d+ (?:errors?|warnings?)$/.test(t)) break;
      // javac prints the source line, then a caret under the symbol.
      if (j && col === undefined && /^\s*\^\s*$/.test(lines[k]) && k === i + 2)
        col = lines[k].indexOf('^') + 1;
      symbol ??= SYMBOL.exec(t);
      if (location || otherLocation || !ANY_LOCATION.test(t)) continue;
      location = LOCATION.exec(t);
      if (location) via = 'class';
      else {
        location = LOCATION_VARIABLE.exec(t);
        if (location) via = 'variable';
        else otherLocation = true;
      }
    }
    if (!symbol || otherLocation) continue;
    const item: JavaMissingSymbol = {
      file: (j ?? m)![1].trim(),
      line: Number((j ?? m)![2]),
      col,
      kind: symbol[1] as 'method' | 'variable',
      wrong: symbol[2],
      arity: symbol[1] === 'method' ? argCount(symbol[3] ?? '') : undefined,
      location: location?.[1],
      via
    };
    const key = `${item.file}:${item.line}:${item.col ?? ''}:${item.wrong}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

interface JTok {
  kind: 'ident' | 'op' | 'lit';
  text: string;
  line: number;
}

/** Java tokens; comments, strings, text blocks and char literals are skipped. */
export function javaTokens(src: string): JTok[] {
  const out: JTok[] = [];
  let line = 1;
  let i = 0;
  const n = src.length;
  const advance = (to: number): void => {
    for (let k = i; k < to && k < n; k++) if (src[k] === '\n') line++;
    i = to;
  };
  while (i < n) {
    const c = src[i];
    if (/\s/.test(c)) {
      advance(i + 1);
    } else if (src.startsWith('//', i)) {
      const e = src.indexOf('\n', i);
      advance(e === -1 ? n : e);
    } else if (src.startsWith('/*', i)) {
      const e = src.indexOf('*/', i + 2);
      advance(e === -1 ? n : e + 2);
    } else if (src.startsWith('"""', i)) {
      const e = src.indexOf('"""', i + 3);
      out.push({ kind: 'lit', text: '"""', line });
      advance(e === -1 ? n : e + 3);
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < n && src[k] !== c && src[k] !== '\n') k += src[k] === '\\' ? 2 : 1;
      out.push({ kind: 'lit', text: c, line });
      advance(k + 1);
    } else if (/[\p{L}_$]/u.test(c)) {
      let k = i;
      while (k < n && /[\p{L}\p{Nd}_$]/u.test(src[k])) k++;
      out.push({ kind: 'ident', text: src.slice(i, k), line });
      i = k;
    } else if (/[0-9]/.test(c)) {
      let k = i;
      while (k < n && /[\w.]/.test(src[k])) k++;
      out.push({ kind: 'lit', text: src.slice(i, k), line });
      i = k;
    } else {
      const op = src.startsWith('->', i) ? '->' : src.startsWith('...', i) ? '...' : c;
      out.push({ kind: 'op', text: op, line });
      i += op.length;
    }
  }
  return out;
}

const NOT_NAMES = new Set(
  'if for while switch catch synchronized return new throw else do try finally case default assert this super instanceof yield'.split(
    ' '
  )
);

interface JClass {
  name: string;
  /** Token indexes of the body's braces. */
  open: number;
  close: number;
  /** Names after extends/implements/permits. */
  supertypes: string[];
  fields: string[];
  methods: { name: string; arity: number; varargs: boolean }[];
  /** Members declared `private` (not inherited, not reachable from another class). */
  privateNames: Set<string>;
}

/** Whether the member named at token `k` (depth 1 of a body) is declared `private`. */
function isPrivate(toks: JTok[], k: number): boolean {
  for (let q = k - 1; q >= 0 && !['{', '}', ';'].includes(toks[q].text); q--)
    if (toks[q].kind === 'ident' && toks[q].text === 'private') return true;
  return false;
}

function matching(toks: JTok[], open: number): number {
  let depth = 0;
  const o = toks[open].text;
  const c = o === '{' ? '}' : o === '(' ? ')' : ']';
  for (let k = open; k < toks.length; k++) {
    if (toks[k].kind !== 'op') continue;
    if (toks[k].text === o) depth++;
    else if (toks[k].text === c && --depth === 0) return k;
  }
  return toks.length - 1;
}

/** The classes (interfaces, enums, records) of a file with their own members. */
function javaClasses(toks: JTok[]): JClass[] {
  const out: JClass[] = [];
  for (let k = 0; k < toks.length - 1; k++) {
    const t = toks[k];
    if (t.kind !== 'ident' || !['class', 'interface', 'enum', 'record'].includes(t.text)) continue;
    if (toks[k - 1]?.text === '.' || toks[k + 1].kind !== 'ident') continue; // `Foo.class`
    const name = toks[k + 1].text;
    let j = k + 2;
    const supertypes: string[] = [];
    const fields: string[] = [];
    const methods: JClass['methods'] = [];
    const privateNames = new Set<string>();
    let inSuper = false;
    while (j < toks.length && toks[j].text !== '{') {
      const tj = toks[j];
      if (tj.text === '<') {
        // Type parameters of the class, type arguments of a supertype.
        let depth = 0;
        for (; j < toks.length; j++) {
          if (toks[j].text === '<') depth++;
          if (toks[j].text === '>' && --depth === 0) break;
        }
      } else if (tj.text === '(' && t.text === 'record') {
        // Record components: fields and accessors.
        const end = matching(toks, j);
        for (let q = j + 1; q < end; q++)
          if (toks[q].kind === 'ident' && [',', ')'].includes(toks[q + 1]?.text ?? ')')) {
            fields.push(toks[q].text);
            methods.push({ name: toks[q].text, arity: 0, varargs: false });
          }
        j = end;
      } else if (tj.kind === 'ident' && ['extends', 'implements', 'permits'].includes(tj.text))
        inSuper = true;
      else if (inSuper && tj.kind === 'ident' && toks[j + 1]?.text !== '.') supertypes.push(tj.text);
      j++;
    }
    if (j >= toks.length) continue;
    const open = j;
    const close = matching(toks, open);
    // Members: tokens at depth 1 of the body.
    let depth = 0;
    let enumConstants = t.text === 'enum';
    for (let q = open; q <= close; q++) {
      const tq = toks[q];
      if (tq.kind === 'op' && ['{', '('].includes(tq.text)) {
        if (
          depth === 1 &&
          tq.text === '(' &&
          q > 0 &&
          toks[q - 1].kind === 'ident' &&
          !NOT_NAMES.has(toks[q - 1].text)
        ) {
          const end = matching(toks, q);
          const inner = toks.slice(q + 1, end);
          let arity = inner.length === 0 ? 0 : 1;
          let d = 0;
          for (const x of inner) {
            if (['(', '<', '['].includes(x.text)) d++;
            else if ([')', '>', ']'].includes(x.text)) d--;
            else if (x.text === ',' && d === 0) arity++;
          }
          const name = toks[q - 1].text;
          const isCall = toks[q - 2]?.text === '.' || toks[q - 2]?.text === 'new';
          if (!isCall && !enumConstants) {
            methods.push({ name, arity, varargs: inner.some(x => x.text === '...') });
            if (isPrivate(toks, q - 1)) privateNames.add(name);
          }
          q = end;
          continue;
        }
        depth++;
        continue;
      }
      if (tq.kind === 'op' && ['}', ')'].includes(tq.text)) {
        depth--;
        continue;
      }
      if (depth !== 1) continue;
      if (tq.text === ';') enumConstants = false;
      if (tq.kind === 'ident' && !NOT_NAMES.has(tq.text)) {
        const next = toks[q + 1]?.text;
        if (enumConstants && [',', ';', '(', '{', '}'].includes(next ?? '')) fields.push(tq.text);
        else if (['=', ';', ','].includes(next ?? '')) {
          fields.push(tq.text);
          if (isPrivate(toks, q)) privateNames.add(tq.text);
        }
      }
    }
    out.push({ name, open, close, supertypes, fields, methods, privateNames });
  }
  return out;
}

/** Names a method body declares up to a line: parameters, locals, loop, catch and lambda variables. */
function localsBefore(toks: JTok[], from: number, to: number, line: number): string[] {
  const out: string[] = [];
  for (let k = from; k < to && toks[k].line <= line; k++) {
    const t = toks[k];
    if (t.kind !== 'ident' || NOT_NAMES.has(t.text)) continue;
    const next = toks[k + 1]?.text ?? '';
    const prev = toks[k - 1];
    const typed =
      prev &&
      ((prev.kind === 'ident' && !NOT_NAMES.has(prev.text)) ||
        prev.text === '>' ||
        prev.text === ']' ||
        prev.text === '...');
    if ((typed && ['=', ';', ':', ',', ')'].includes(next)) || next === '->') out.push(t.text);
    // `(a, b) -> …`: lambda parameters without types.
    if ((prev?.text === '(' || prev?.text === ',') && [',', ')'].includes(next)) out.push(t.text);
  }
  return out;
}

/** A parsed `.java` file of the tree. */
interface JFile {
  file: string;
  src: string;
  toks: JTok[];
  classes: JClass[];
  pkg?: string;
  /** Single-type imports: simple name to qualified name. */
  imports: Map<string, string>;
}

/** A member of a class as seen from a use: own or inherited (private ones are not inherited). */
interface JMember {
  kind: 'method' | 'field';
  name: string;
  arity?: number;
  varargs?: boolean;
}

/** The classes of a tree, read on demand: a class is found by javac's rules, or not at all. */
class JavaTree {
  private readonly files = new Map<string, JFile>();
  private javaFiles?: string[];

  constructor(private readonly workdir: string) {}

  async load(file: string): Promise<JFile> {
    const known = this.files.get(file);
    if (known) return known;
    const src = await readSource(this.workdir, file);
    const toks = javaTokens(src);
    const imports = new Map<string, string>();
    for (const m of src.matchAll(/^\s*import\s+([\w.]+)\.(\w+)\s*;/gm)) imports.set(m[2], `${m[1]}.${m[2]}`);
    const f: JFile = {
      file,
      src,
      toks,
      classes: javaClasses(toks),
      pkg: /^\s*package\s+([\w.]+)\s*;/m.exec(src)?.[1],
      imports
    };
    this.files.set(file, f);
    return f;
  }

  /** Every file loaded so far. */
  loaded(): JFile[] {
    return [...this.files.values()];
  }

  /**
   * The class javac means by `name` in file `from`: a class of the file (`Outer.Inner` too), else the
   * top-level class of a tree file by single-type import, then by the same package (javac's order);
   * undefined for anything else (the JDK, a dependency, an on-demand import).
   */
  async resolve(name: string, from: JFile): Promise<{ f: JFile; c: JClass } | undefined> {
    const local = from.pkg && name.startsWith(`${from.pkg}.`) ? name.slice(from.pkg.length + 1) : name;
    const parts = local.split('.');
    if (parts.every(n => from.classes.some(c => c.name === n))) {
      const located = from.classes.filter(c => c.name === parts[parts.length - 1]);
      return located.length === 1 ? { f: from, c: located[0] } : undefined;
    }
    const qualified =
      parts.length > 1 ? name : (from.imports.get(local) ?? (from.pkg ? `${from.pkg}.${local}` : local));
    const simple = qualified.split('.').pop()!;
    const pkg = qualified.split('.').slice(0, -1).join('.') || undefined;
    this.javaFiles ??= await listFiles(this.workdir, ['.java']);
    const suffix = `${qualified.replace(/\./g, '/')}.java`;
    const found = this.javaFiles.filter(f => f === suffix || f.endsWith(`/${suffix}`));
    if (found.length !== 1) return undefined;
    const f = await this.load(found[0]);
    if (f.pkg !== pkg) return undefined;
    const top = f.classes.filter(
      c => c.name === simple && !f.classes.some(o => o !== c && o.open < c.open && c.close < o.close)
    );
    return top.length === 1 ? { f, c: top[0] } : undefined;
  }

  /**
   * A class's members with those it inherits (supertypes resolved from its own file); undefined
   * when a supertype is not a class of the tree (its members are not all known).
   */
  async members(f: JFile, c: JClass, depth = 0): Promise<JMember[] | undefined> {
    if (depth > 16) return undefined;
    const out: JMember[] = [
      ...c.fields.map(name => ({ kind: 'field' as const, name })),
      ...c.methods.map(m => ({ kind: 'method' as const, ...m }))
    ];
    for (const s of c.supertypes) {
      const r = await this.resolve(s, f);
      if (!r) return undefined;
      const inherited = await this.members(r.f, r.c, depth + 1);
      if (!inherited) return undefined;
      out.push(...inherited.filter(m => !r.c.privateNames.has(m.name)));
    }
    return out;
  }
}

/**
 * javac's `cannot find symbol` for a method or variable: the one member near the wrong name of the
 * class javac searched (`location: class C`, `variable v of type C`, or the class around `this.x`),
 * with what it inherits, found in the tree by javac's rules (the file's classes, single-type imports,
 * the same package); methods of the same argument count only; for an unqualified name also the
 * enclosing classes, the method's locals and single static imports. Declines when a class of the
 * chain inherits from a type outside the tree, when the file has a static wildcard import, when a
 * member of another class is private, or when the name is not at one place of the reported line.
 */
export class JavaSymbolFixer implements Fixer {
  readonly name = 'java-symbol';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const items = parseJavaMissingSymbols(input.failureOutput);
    if (items.length === 0) return null;
    const log = (m: string): void => input.log(`fixer ${this.name}: ${m}`);
    const tree = new JavaTree(input.workdir);
    const fixes: TokenFix[] = [];
    for (const item of items) {
      const file = await locateProjectFile(input.workdir, item.file);
      if (!file) {
        log(`${item.file} is not a file of the tree`);
        continue;
      }
      const at = await tree.load(file);
      const { src, toks, classes } = at;
      if (/^\s*import\s+static\s+[\w.]+\.\*\s*;/m.test(src)) {
        log(`${file}: a static wildcard import brings names this fixer cannot see`);
        continue;
      }
      const staticImports = [...src.matchAll(/^\s*import\s+static\s+[\w.]+\.(\w+)\s*;/gm)].map(m => m[1]);
      // The innermost class around the line, and every class enclosing it.
      const around = classes
        .filter(c => toks[c.open].line <= item.line && item.line <= toks[c.close].line)
        .sort((a, b) => b.open - a.open);
      const target =
        item.via === 'none' ? around[0] && { f: at, c: around[0] } : await tree.resolve(item.location!, at);
      if (!target) {
        log(`${item.location ?? `the class around ${file}:${item.line}`} is not a class of the tree`);
        continue;
      }
      // An unqualified name is looked up in the class around it, then in the enclosing ones.
      const unqualified = item.via === 'class' && target.f === at && around.includes(target.c);
      const chain = unqualified ? around.slice(around.indexOf(target.c)) : [target.c];
      const members: JMember[] = [];
      let unknown = false;
      for (const c of chain) {
        const m = await tree.members(target.f, c);
        if (!m) unknown = true;
        else members.push(...m);
      }
      if (unknown) {
        log(`${target.c.name} inherits from a type outside the tree: its members are not all known`);
        continue;
      }
      let candidates: string[];
      if (item.kind === 'method') {
        candidates = members
          .filter(m => m.kind === 'method')
          .filter(m => m.varargs || m.arity === item.arity || item.arity === undefined)
          .map(m => m.name);
        if (unqualified) candidates.push(...staticImports);
      } else {
        candidates = members.filter(m => m.kind === 'field').map(m => m.name);
        if (unqualified) candidates.push(...staticImports);
        if (unqualified && around[0] === target.c) {
          // Locals of the member the line is in: from the end of the previous member on.
          const inner = around[0];
          let s = inner.open + 1;
          let depth = 0;
          for (let k = inner.open + 1; k < inner.close && toks[k].line <= item.line; k++) {
            const x = toks[k].text;
            if (x === '{' || x === '(') depth++;
            else if (x === '}' || x === ')') {
              if (--depth === 0 && x === '}') s = k + 1;
            } else if (x === ';' && depth === 0) s = k + 1;
          }
          candidates.push(...localsBefore(toks, s, inner.close, item.line));
        }
      }
      if (target.f !== at) {
        // Private members of a class of another file are out of reach.
        candidates = candidates.filter(n => !target.c.privateNames.has(n));
      }
      // Every other identifier of the files read (members of other types, other methods' names) blocks a guess.
      const right = uniqueNear(
        item.wrong,
        candidates,
        tree.loaded().flatMap(f => f.toks.filter(t => t.kind === 'ident').map(t => t.text))
      );
      if (!right) {
        log(`no single near member for '${item.wrong}' in ${target.c.name}`);
        continue;
      }
      const line = src.split('\n')[item.line - 1]?.replace(/\r$/, '') ?? '';
      let positions = identifierPositions(line, item.wrong);
      // Without a location javac meant `this.x`: only such a place is the one.
      if (item.via === 'none') positions = positions.filter(i => /\bthis\s*\.\s*$/.test(line.slice(0, i)));
      // A member of another class (`v.x`, `C.x`) is named after a dot.
      else if (!unqualified) positions = positions.filter(i => /\.\s*$/.test(line.slice(0, i)));
      let index: number | undefined;
      if (positions.length === 1) index = positions[0];
      else if (item.col !== undefined) {
        // javac columns count a tab as reaching the next multiple of 8; the caret may sit on the dot.
        const expanded = (i: number): number => {
          let col = 0;
          for (let k = 0; k < i; k++) col = line[k] === '\t' ? (Math.floor(col / 8) + 1) * 8 : col + 1;
          return col + 1;
        };
        index = positions.find(i => [expanded(i), expanded(i) - 1, i + 1, i].includes(item.col!));
      }
      if (index === undefined) {
        log(`'${item.wrong}' is not at one place of ${file}:${item.line}`);
        continue;
      }
      fixes.push({
        file,
        line: item.line,
        index,
        wrong: item.wrong,
        right,
        note: `javac: near member of ${target.c.name}`
      });
    }
    const { edits, summaries } = await tokenEdits(input.workdir, fixes, log);
    if (edits.length === 0) return null;
    return { fixer: this.name, edits, summary: summaries.join('; ') };
  }
}
