/** Static, conservative name analysis of Python source (no execution of project code). */

export const PY_BUILTINS = (
  'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError ' +
  'BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ' +
  'ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning ' +
  'EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError ' +
  'FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError ' +
  'InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ' +
  'ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError ' +
  'OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ' +
  'ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration ' +
  'SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError ' +
  'UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError ' +
  'UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin ' +
  'bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr ' +
  'dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash ' +
  'help hex id input int isinstance issubclass iter len license list locals map max memoryview min ' +
  'next object oct open ord pow print property quit range repr reversed round set setattr slice sorted ' +
  'staticmethod str sum super tuple type vars zip'
).split(' ');

const indentOf = (line: string): number => /^[ \t]*/.exec(line)?.[0].replace(/\t/g, '        ').length ?? 0;
const isCode = (line: string): boolean => line.trim() !== '' && !line.trim().startsWith('#');

/** Names bound by one logical line: def/class, assignment targets, for/with/except targets, imports. */
export function namesBoundBy(line: string): string[] {
  const t = line.trim();
  const out: string[] = [];
  let m: RegExpExecArray | null;
  if ((m = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(([^)]*)\)?/.exec(t))) {
    out.push(m[1]);
    // Parameters belong to the function's own scope; paramsOf reads them.
  } else if ((m = /^class\s+([A-Za-z_]\w*)/.exec(t))) {
    out.push(m[1]);
  } else if ((m = /^from\s+\S+\s+import\s+\(?([^)#]*)\)?/.exec(t))) {
    for (const part of m[1].split(',')) {
      const p = part.trim().split(/\s+as\s+/);
      const name = (p[1] ?? p[0]).trim();
      if (/^[A-Za-z_]\w*$/.test(name)) out.push(name);
    }
  } else if ((m = /^import\s+(.+)$/.exec(t))) {
    for (const part of m[1].split(',')) {
      const p = part.trim().split(/\s+as\s+/);
      const name = p[1] ? p[1].trim() : p[0].trim().split('.')[0];
      if (/^[A-Za-z_]\w*$/.test(name)) out.push(name);
    }
  } else {
    if ((m = /^(?:async\s+)?for\s+(.+?)\s+in\s/.exec(t))) out.push(...identList(m[1]));
    for (const w of t.matchAll(/\bas\s+([A-Za-z_]\w*)/g)) out.push(w[1]);
    const assign = /^([A-Za-z_][\w\s,()[\]*]*?)\s*(?::[^=]+)?(?:[-+*/%&|^@]|\/\/|\*\*|>>|<<)?=(?!=)/.exec(t);
    if (assign && !/^(if|elif|while|return|assert|with|for)\b/.test(t)) out.push(...identList(assign[1]));
    for (const w of t.matchAll(/\(([A-Za-z_]\w*)\s*:=/g)) out.push(w[1]);
    for (const w of t.matchAll(/\bfor\s+([A-Za-z_][\w\s,]*?)\s+in\b/g)) out.push(...identList(w[1]));
    if ((m = /^(?:global|nonlocal)\s+(.+)$/.exec(t))) out.push(...identList(m[1]));
  }
  return out;
}

function identList(s: string): string[] {
  return s
    .replace(/[()[\]*]/g, ' ')
    .split(',')
    .map(x => x.trim())
    .filter(x => /^[A-Za-z_]\w*$/.test(x));
}

/** Parameter names of a `def` header (possibly spanning lines, joined by the caller). */
export function paramsOf(header: string): string[] {
  const m = /def\s+[A-Za-z_]\w*\s*\(([\s\S]*?)\)\s*(?:->[^:]*)?:/.exec(header);
  if (!m) return [];
  return m[1]
    .split(',')
    .map(p =>
      p
        .trim()
        .replace(/^\*{1,2}/, '')
        .split(/[:=]/)[0]
        .trim()
    )
    .filter(x => /^[A-Za-z_]\w*$/.test(x));
}

/** The 0-based line index of the header of each block enclosing `lineIdx`, innermost first. */
function enclosingHeaders(lines: string[], lineIdx: number, kind: RegExp): number[] {
  const out: number[] = [];
  let indent = indentOf(lines[lineIdx]);
  for (let i = lineIdx - 1; i >= 0 && indent > 0; i--) {
    if (!isCode(lines[i])) continue;
    const ind = indentOf(lines[i]);
    if (ind < indent) {
      if (kind.test(lines[i].trim())) out.push(i);
      indent = ind;
    }
  }
  return out;
}

/** The lines of the block whose header is at `headerIdx` (its body, by indentation). */
function blockRange(lines: string[], headerIdx: number): [number, number] {
  const base = indentOf(lines[headerIdx]);
  let end = headerIdx;
  for (let i = headerIdx + 1; i < lines.length; i++) {
    if (!isCode(lines[i])) continue;
    if (indentOf(lines[i]) <= base) break;
    end = i;
  }
  return [headerIdx, end];
}

/**
 * Names visible at `lineIdx` (0-based): names bound in each enclosing function (its parameters and
 * body), module-level names and builtins. Class bodies are skipped, as Python does for methods.
 */
export function namesInScope(source: string, lineIdx: number): Set<string> {
  const lines = source.split('\n');
  const names = new Set<string>(PY_BUILTINS);
  for (const h of enclosingHeaders(lines, lineIdx, /^(async\s+)?def\s/)) {
    const [from, to] = blockRange(lines, h);
    const header = lines.slice(h, Math.min(to + 1, h + 10)).join('\n');
    for (const p of paramsOf(header)) names.add(p);
    const bodyIndent = indentOf(lines[Math.min(from + 1, to)]);
    for (let i = from + 1; i <= to; i++) {
      // Only direct statements of this function (nested defs bind their own names only).
      if (isCode(lines[i]) && indentOf(lines[i]) >= bodyIndent) {
        const nested = enclosingHeaders(lines, i, /^(async\s+)?(def|class)\s/)[0];
        if (nested === undefined || nested === h) for (const n of namesBoundBy(lines[i])) names.add(n);
      }
    }
  }
  for (const line of lines)
    if (isCode(line) && indentOf(line) === 0) for (const n of namesBoundBy(line)) names.add(n);
  // Module-level names bound inside top-level if/try/with blocks count too.
  for (let i = 0; i < lines.length; i++) {
    if (!isCode(lines[i]) || indentOf(lines[i]) === 0) continue;
    const hs = enclosingHeaders(lines, i, /^(async\s+)?(def|class)\s/);
    if (hs.length === 0) for (const n of namesBoundBy(lines[i])) names.add(n);
  }
  return names;
}

/**
 * The base classes of the class whose header is at `idx` (the header may span lines), as written
 * without subscripts (`Generic[K, V]` is `Generic`); keyword arguments and `object` left out.
 */
export function classBases(lines: string[], idx: number): string[] {
  let header = lines[idx];
  for (let i = idx + 1; i < lines.length && i < idx + 20 && !/\)\s*:/.test(header); i++)
    header += ' ' + lines[i];
  const open = header.indexOf('(');
  if (open < 0 || header.slice(0, open).includes(':')) return [];
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of header.slice(open + 1)) {
    if (c === '(' || c === '[' || c === '{') depth++;
    if ((c === ')' || c === ',') && depth === 0) {
      out.push(cur.trim());
      cur = '';
      if (c === ')') break;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') depth--;
    cur += c;
  }
  return out
    .map(b => b.replace(/\[[\s\S]*$/, '').trim())
    .filter(b => b && !b.includes('=') && b !== 'object');
}

/** Attribute names a class defines in its body and through `self.x =` in its methods. */
export function classAttributes(
  source: string,
  className: string
): { attrs: Set<string>; bases: string[] } | undefined {
  const lines = source.split('\n');
  const idx = lines.findIndex(l => new RegExp(`^\\s*class\\s+${className}\\b`).test(l));
  if (idx < 0) return undefined;
  const bases = classBases(lines, idx);
  const [from, to] = blockRange(lines, idx);
  const attrs = new Set<string>();
  const bodyIndent = indentOf(lines[Math.min(from + 1, to)]);
  for (let i = from + 1; i <= to; i++) {
    const line = lines[i];
    if (!isCode(line)) continue;
    if (indentOf(line) === bodyIndent) {
      for (const n of namesBoundBy(line)) attrs.add(n);
      const annotated = /^\s*([A-Za-z_]\w*)\s*:(?!=)/.exec(line); // a field: `name: str`
      if (annotated && !/^\s*(else|try|finally|lambda)\b/.test(line)) attrs.add(annotated[1]);
    }
    for (const m of line.matchAll(/\bself\.([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)/g)) attrs.add(m[1]);
    for (const m of line.matchAll(/\bcls\.([A-Za-z_]\w*)\s*=(?!=)/g)) attrs.add(m[1]);
  }
  return { attrs, bases };
}

/** Top-level names a module defines. */
export function moduleNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const line of source.split('\n'))
    if (isCode(line) && indentOf(line) === 0) for (const n of namesBoundBy(line)) names.add(n);
  return names;
}

/** One `from M import a, b as c` statement at the top level of a module (possibly parenthesized). */
export interface FromImport {
  /** 0-based lines of the statement, first and last. */
  start: number;
  end: number;
  /** Leading dots of a relative import (0: absolute) and the module after them (may be ''). */
  level: number;
  module: string;
  names: { name: string; as?: string }[];
}

/** The top-level `from … import …` statements of a module, multi-line ones included. */
export function fromImports(source: string): FromImport[] {
  const lines = source.split('\n');
  const out: FromImport[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^from\s+(\.*)([\w.]*)\s+import\s+(.*)$/.exec(lines[i]);
    if (!m || (!m[1] && !m[2])) continue;
    let text = m[3].replace(/#.*$/, '');
    const start = i;
    if (text.includes('(')) {
      while (!text.includes(')') && i + 1 < lines.length) text += ' ' + lines[++i].replace(/#.*$/, '');
    } else {
      while (/\\\s*$/.test(text) && i + 1 < lines.length) text = text.replace(/\\\s*$/, ' ') + lines[++i];
    }
    const names = text
      .replace(/[()]/g, ' ')
      .split(',')
      .map(p => p.trim().split(/\s+as\s+/))
      .filter(p => /^[A-Za-z_]\w*$/.test(p[0]))
      .map(p => (p[1] ? { name: p[0], as: p[1].trim() } : { name: p[0] }));
    out.push({ start, end: i, level: m[1].length, module: m[2], names });
  }
  return out;
}
