import type { FixProposal, Fixer, FixerInput } from './types.js';
import { locateProjectFile, tokenEdits, uniqueNear, type TokenFix } from './near.js';
import { identifierPositions, readSource } from './util.js';

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
  /** The type of `location: class C` (also interface, enum, record), as javac names it (`p.Outer.C`). */
  location: string;
}

const JAVAC = /^(\S.*?\.java):(\d+): error: cannot find symbol\s*$/;
const MAVEN = /^(\S.*?\.java):\[(\d+),(\d+)\] (?:error: )?cannot find symbol\s*$/;
const SYMBOL = /^symbol\s*:\s+(method|variable)\s+([A-Za-z_$][\w$]*)(?:\((.*)\))?\s*$/;
const LOCATION = /^location\s*:\s+(?:class|interface|enum|record)\s+([\w$.]+)(?:<.*>)?\s*$/;

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
    for (let k = i + 1; k < Math.min(lines.length, i + 7); k++) {
      const t = lines[k].trim();
      if (JAVAC.test(t) || MAVEN.test(t)) break;
      // javac prints the source line, then a caret under the symbol.
      if (j && col === undefined && /^\s*\^\s*$/.test(lines[k]) && k === i + 2)
        col = lines[k].indexOf('^') + 1;
      symbol ??= SYMBOL.exec(t);
      location ??= LOCATION.exec(t);
    }
    if (!symbol || !location) continue;
    const item: JavaMissingSymbol = {
      file: (j ?? m)![1].trim(),
      line: Number((j ?? m)![2]),
      col,
      kind: symbol[1] as 'method' | 'variable',
      wrong: symbol[2],
      arity: symbol[1] === 'method' ? argCount(symbol[3] ?? '') : undefined,
      location: location[1]
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
    let inSuper = false;
    while (j < toks.length && toks[j].text !== '{') {
      const tj = toks[j];
      if (tj.text === '<' && !inSuper) {
        // Type parameters of the class.
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
          if (!isCall && !enumConstants)
            methods.push({ name, arity, varargs: inner.some(x => x.text === '...') });
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
        else if (['=', ';', ','].includes(next ?? '')) fields.push(tq.text);
      }
    }
    out.push({ name, open, close, supertypes, fields, methods });
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

/**
 * javac's `cannot find symbol` for a method or variable whose location is a class of the same file:
 * the one member (or, for a variable, local) of that class near the wrong name, methods of the same
 * argument count only. Declines when the class (or an enclosing one) inherits from a type not in the
 * file, when the file has a static wildcard import, or when the name is not on the reported line.
 */
export class JavaSymbolFixer implements Fixer {
  readonly name = 'java-symbol';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const items = parseJavaMissingSymbols(input.failureOutput);
    if (items.length === 0) return null;
    const log = (m: string): void => input.log(`fixer ${this.name}: ${m}`);
    const fixes: TokenFix[] = [];
    for (const item of items) {
      const file = await locateProjectFile(input.workdir, item.file);
      if (!file) {
        log(`${item.file} is not a file of the tree`);
        continue;
      }
      const src = await readSource(input.workdir, file);
      const toks = javaTokens(src);
      if (/^\s*import\s+static\s+[\w.]+\.\*\s*;/m.test(src)) {
        log(`${file}: a static wildcard import brings names this fixer cannot see`);
        continue;
      }
      const staticImports = [...src.matchAll(/^\s*import\s+static\s+[\w.]+\.(\w+)\s*;/gm)].map(m => m[1]);
      const classes = javaClasses(toks);
      // The innermost class around the line, and every class enclosing it.
      const around = classes
        .filter(c => toks[c.open].line <= item.line && item.line <= toks[c.close].line)
        .sort((a, b) => b.open - a.open);
      // `p.Outer.C`: the file's package, then classes of the file (a class elsewhere is not looked at).
      const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(src)?.[1];
      const chainNames = (
        pkg && item.location.startsWith(`${pkg}.`) ? item.location.slice(pkg.length + 1) : item.location
      ).split('.');
      if (chainNames.some(n => !classes.some(c => c.name === n))) {
        log(`${item.location} is not a class of ${file}`);
        continue;
      }
      const located = classes.filter(c => c.name === chainNames[chainNames.length - 1]);
      if (located.length !== 1) continue;
      const target = located[0];
      const chain = around.some(c => c === target) ? around.slice(around.indexOf(target)) : [target];
      const local = new Set(classes.map(c => c.name));
      if (chain.some(c => c.supertypes.some(s => !local.has(s)))) {
        log(`${target.name} inherits from a type outside ${file}: its members are not all known`);
        continue;
      }
      let candidates: string[];
      if (item.kind === 'method') {
        candidates = [
          ...chain.flatMap(c =>
            c.methods
              .filter(m => m.varargs || m.arity === item.arity || item.arity === undefined)
              .map(m => m.name)
          ),
          ...staticImports
        ];
      } else {
        candidates = [...chain.flatMap(c => c.fields), ...staticImports];
        if (around[0] === target) {
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
      // Every other identifier of the file (members of other types, names of other methods) blocks a guess.
      const right = uniqueNear(
        item.wrong,
        candidates,
        toks.filter(t => t.kind === 'ident').map(t => t.text)
      );
      if (!right) {
        log(`no single near member for '${item.wrong}' in ${target.name}`);
        continue;
      }
      const line = src.split('\n')[item.line - 1]?.replace(/\r$/, '') ?? '';
      const at = identifierPositions(line, item.wrong);
      let index: number | undefined;
      if (at.length === 1) index = at[0];
      else if (item.col !== undefined) {
        // javac columns count a tab as reaching the next multiple of 8; the caret may sit on the dot.
        const expanded = (i: number): number => {
          let col = 0;
          for (let k = 0; k < i; k++) col = line[k] === '\t' ? (Math.floor(col / 8) + 1) * 8 : col + 1;
          return col + 1;
        };
        index = at.find(i => [expanded(i), expanded(i) - 1, i + 1, i].includes(item.col!));
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
        note: `javac: near member of ${target.name}`
      });
    }
    const { edits, summaries } = await tokenEdits(input.workdir, fixes, log);
    if (edits.length === 0) return null;
    return { fixer: this.name, edits, summary: summaries.join('; ') };
  }
}
