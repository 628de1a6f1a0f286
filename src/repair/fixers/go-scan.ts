/**
 * A small Go scanner: tokens (comments and string, raw-string and rune literals skipped) with their
 * lines, and the declarations a file makes: package clause, imports, top-level names, methods, and
 * the local names declared inside each top-level function. Enough to list the names in scope at a
 * place; it is not a type checker and errs towards listing more names (more names: fewer fixes).
 */

export interface GoToken {
  kind: 'ident' | 'op' | 'lit';
  text: string;
  /** 1-based line of the token's start. */
  line: number;
  /** 0-based character index in that line. */
  index: number;
}

/** The tokens of Go source. */
export function goTokens(src: string): GoToken[] {
  const out: GoToken[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = src.length;
  const push = (kind: GoToken['kind'], text: string, at: number, atLine: number, atStart: number): void => {
    out.push({ kind, text, line: atLine, index: at - atStart });
  };
  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      for (let k = i; k < stop; k++)
        if (src[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      i++;
      while (i < n && src[i] !== c && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
      i++;
      push('lit', src.slice(start, i), start, line, lineStart);
      continue;
    }
    if (c === '`') {
      const start = i;
      const startLine = line;
      const startOfLine = lineStart;
      const end = src.indexOf('`', i + 1);
      const stop = end === -1 ? n : end + 1;
      for (let k = i; k < stop; k++)
        if (src[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      i = stop;
      push('lit', src.slice(start, stop), start, startLine, startOfLine);
      continue;
    }
    if (/[\p{L}_]/u.test(c)) {
      const start = i;
      while (i < n && /[\p{L}\p{Nd}_]/u.test(src[i])) i++;
      push('ident', src.slice(start, i), start, line, lineStart);
      continue;
    }
    if (/[0-9]/.test(c)) {
      const start = i;
      while (i < n && /[\w.]/.test(src[i])) i++;
      push('lit', src.slice(start, i), start, line, lineStart);
      continue;
    }
    const three = src.slice(i, i + 3);
    const two = src.slice(i, i + 2);
    const op = ['<<=', '>>=', '&^=', '...'].includes(three)
      ? three
      : [
            ':=',
            '==',
            '!=',
            '<=',
            '>=',
            '&&',
            '||',
            '<-',
            '++',
            '--',
            '+=',
            '-=',
            '*=',
            '/=',
            '<<',
            '>>',
            '&^'
          ].includes(two)
        ? two
        : c;
    push('op', op, i, line, lineStart);
    i += op.length;
  }
  return out;
}

export interface GoImport {
  /** The name the file uses: the alias, or the path's last element (a guess when there is none). */
  names: string[];
  path: string;
  /** `import . "path"`: its names are unqualified in the file. */
  dot: boolean;
}

export interface GoFunc {
  /** Lines of the `func` keyword and of the body's closing brace. */
  startLine: number;
  endLine: number;
  /** Names declared inside (parameters, results, `:=`, `var`, `const`, range variables), with their line. */
  locals: { name: string; line: number }[];
}

export interface GoFile {
  pkg: string;
  imports: GoImport[];
  /** Package-level names: funcs, vars, consts, types. */
  topLevel: string[];
  /** Method names by receiver type. */
  methods: Map<string, string[]>;
  funcs: GoFunc[];
  /** Every identifier the file uses (fields, methods, other scopes' names): a near one blocks a guess. */
  idents: string[];
}

const KEYWORDS = new Set(
  'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(
    ' '
  )
);

/** The name Go gives an import without an alias: the last path element (a `/vN` suffix skipped). */
function importNames(p: string): string[] {
  const parts = p.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  const names = new Set([last, last.replace(/^go-/, '').replace(/[.-].*$/, ''), last.replace(/[.-]/g, '')]);
  return [...names].filter(Boolean);
}

/** Index of the token closing the bracket opened at `open`, or the last token. */
function closing(toks: GoToken[], open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const want = pairs[toks[open].text];
  let depth = 0;
  for (let k = open; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind !== 'op') continue;
    if (t.text === toks[open].text) depth++;
    else if (t.text === want && --depth === 0) return k;
  }
  return toks.length - 1;
}

/**
 * The names a spec list declares: at the start of each line of a group (or of the single spec), the
 * identifiers before the type or `=` (`a, b int`, `A = iota`, `T struct`).
 */
function specNames(toks: GoToken[], from: number, to: number, onlyFirst: boolean): GoToken[] {
  const out: GoToken[] = [];
  let depth = 0;
  let lastLine = -1;
  let start = true;
  for (let k = from; k < to; k++) {
    const t = toks[k];
    if (depth === 0 && t.line !== lastLine) start = true;
    lastLine = t.line;
    if (start && depth === 0) {
      start = false;
      if (t.kind === 'ident') {
        out.push(t);
        let j = k + 1;
        while (!onlyFirst && toks[j]?.text === ',' && toks[j + 1]?.kind === 'ident') {
          out.push(toks[j + 1]);
          j += 2;
        }
        k = j - 1;
        continue;
      }
    }
    if (t.kind !== 'op') continue;
    if (['(', '[', '{'].includes(t.text)) depth++;
    else if ([')', ']', '}'].includes(t.text)) depth--;
    else if (t.text === ';' && depth === 0) start = true;
  }
  return out;
}

/** The names right after `var`/`const` in a single spec: `a, b` of `var a, b int`. */
function singleSpecNames(toks: GoToken[], first: number): GoToken[] {
  const out: GoToken[] = [];
  if (toks[first]?.kind !== 'ident') return out;
  out.push(toks[first]);
  for (let j = first + 1; toks[j]?.text === ',' && toks[j + 1]?.kind === 'ident'; j += 2)
    out.push(toks[j + 1]);
  return out;
}

/** The identifiers of a parameter or result list `(a, b int, c string)` (all of them: names and types). */
function listIdents(toks: GoToken[], open: number): { idents: GoToken[]; end: number } {
  const end = closing(toks, open);
  return { idents: toks.slice(open + 1, end).filter(t => t.kind === 'ident' && !KEYWORDS.has(t.text)), end };
}

/** Locals a function body declares: `a, b :=`, `var`/`const` specs, and parameters of func literals. */
function bodyLocals(toks: GoToken[], from: number, to: number): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = [];
  for (let k = from; k < to; k++) {
    const t = toks[k];
    if (t.text === ':=' && t.kind === 'op') {
      for (let j = k - 1; j >= from && toks[j].kind === 'ident'; j -= 2) {
        out.push({ name: toks[j].text, line: toks[j].line });
        if (toks[j - 1]?.text !== ',') break;
      }
    } else if (t.kind === 'ident' && (t.text === 'var' || t.text === 'const')) {
      const next = toks[k + 1];
      if (next?.text === '(') {
        const end = closing(toks, k + 1);
        for (const s of specNames(toks, k + 2, end, false)) out.push({ name: s.text, line: s.line });
      } else {
        for (const s of singleSpecNames(toks, k + 1)) out.push({ name: s.text, line: s.line });
      }
    } else if (t.kind === 'ident' && t.text === 'func' && toks[k + 1]?.text === '(') {
      for (const id of listIdents(toks, k + 1).idents) out.push({ name: id.text, line: id.line });
    }
  }
  return out;
}

/** Scans one Go source file. */
export function scanGoFile(src: string): GoFile {
  const toks = goTokens(src);
  const file: GoFile = {
    pkg: '',
    imports: [],
    topLevel: [],
    methods: new Map(),
    funcs: [],
    idents: [...new Set(toks.filter(t => t.kind === 'ident' && !KEYWORDS.has(t.text)).map(t => t.text))]
  };
  let k = 0;
  while (k < toks.length) {
    const t = toks[k];
    if (t.kind !== 'ident') {
      // A stray bracket at the top level: skip its contents.
      k = t.kind === 'op' && ['(', '[', '{'].includes(t.text) ? closing(toks, k) + 1 : k + 1;
      continue;
    }
    if (t.text === 'package' && toks[k + 1]?.kind === 'ident') {
      file.pkg = toks[k + 1].text;
      k += 2;
    } else if (t.text === 'import') {
      const specs: GoToken[][] = [];
      if (toks[k + 1]?.text === '(') {
        const end = closing(toks, k + 1);
        let cur: GoToken[] = [];
        for (let j = k + 2; j < end; j++) {
          cur.push(toks[j]);
          if (toks[j].kind === 'lit') {
            specs.push(cur);
            cur = [];
          }
        }
        k = end + 1;
      } else {
        const spec: GoToken[] = [];
        let j = k + 1;
        while (j < toks.length && toks[j].kind !== 'lit') spec.push(toks[j++]);
        spec.push(toks[j]);
        specs.push(spec.filter(Boolean));
        k = j + 1;
      }
      for (const spec of specs) {
        const lit = spec[spec.length - 1];
        if (!lit || lit.kind !== 'lit') continue;
        const p = lit.text.replace(/^["`]|["`]$/g, '');
        const alias = spec.length > 1 ? spec[spec.length - 2].text : undefined;
        file.imports.push({
          names: alias && alias !== '.' && alias !== '_' ? [alias] : alias === '_' ? [] : importNames(p),
          path: p,
          dot: alias === '.'
        });
      }
    } else if (t.text === 'func') {
      let j = k + 1;
      let receiver: string | undefined;
      const params: GoToken[] = [];
      if (toks[j]?.text === '(') {
        const r = listIdents(toks, j);
        receiver = r.idents[r.idents.length - 1]?.text;
        params.push(...r.idents);
        j = r.end + 1;
      }
      const name = toks[j]?.kind === 'ident' ? toks[j] : undefined;
      if (name) {
        if (receiver) file.methods.set(receiver, [...(file.methods.get(receiver) ?? []), name.text]);
        else if (name.text !== 'init' && name.text !== '_') file.topLevel.push(name.text);
        j++;
      }
      // Type parameters, parameters, results: every identifier up to the body's `{` (or the line's end).
      let body = -1;
      while (j < toks.length) {
        const tj = toks[j];
        if (tj.kind === 'op' && (tj.text === '(' || tj.text === '[')) {
          const r = listIdents(toks, j);
          params.push(...r.idents);
          j = r.end + 1;
          continue;
        }
        if (tj.kind === 'op' && tj.text === '{') {
          // `func f() struct{...}` is rare enough: the first `{` opens the body.
          body = j;
          break;
        }
        if (
          tj.kind === 'ident' &&
          (tj.text === 'func' || tj.text === 'type' || tj.text === 'var') &&
          tj.line !== toks[j - 1].line
        )
          break;
        if (tj.kind === 'ident') params.push(tj);
        j++;
      }
      if (body === -1) {
        k = j;
        continue;
      }
      const end = closing(toks, body);
      file.funcs.push({
        startLine: t.line,
        endLine: toks[end].line,
        locals: [...params.map(p => ({ name: p.text, line: p.line })), ...bodyLocals(toks, body + 1, end)]
      });
      k = end + 1;
    } else if (t.text === 'var' || t.text === 'const' || t.text === 'type') {
      const onlyFirst = t.text === 'type';
      if (toks[k + 1]?.text === '(') {
        const end = closing(toks, k + 1);
        file.topLevel.push(...specNames(toks, k + 2, end, onlyFirst).map(s => s.text));
        k = end + 1;
      } else {
        const names = singleSpecNames(toks, k + 1);
        file.topLevel.push(...(onlyFirst ? names.slice(0, 1) : names).map(n => n.text));
        // Skip the spec: to the next top-level keyword at the start of a line.
        let j = k + 1;
        while (j < toks.length) {
          const tj = toks[j];
          if (tj.kind === 'op' && ['(', '[', '{'].includes(tj.text)) {
            j = closing(toks, j) + 1;
            continue;
          }
          if (
            tj.kind === 'ident' &&
            ['func', 'var', 'const', 'type', 'import'].includes(tj.text) &&
            tj.line !== toks[j - 1].line
          )
            break;
          j++;
        }
        k = j;
      }
    } else {
      k++;
    }
  }
  file.topLevel = file.topLevel.filter(n => n !== '_');
  return file;
}

/** Go's predeclared names (the universe scope), across versions. */
export const GO_UNIVERSE = [
  'bool',
  'byte',
  'complex64',
  'complex128',
  'error',
  'float32',
  'float64',
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'rune',
  'string',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'uintptr',
  'any',
  'comparable',
  'true',
  'false',
  'iota',
  'nil',
  'append',
  'cap',
  'clear',
  'close',
  'complex',
  'copy',
  'delete',
  'imag',
  'len',
  'make',
  'max',
  'min',
  'new',
  'panic',
  'print',
  'println',
  'real',
  'recover'
];
