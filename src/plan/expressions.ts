/**
 * `${{ … }}` as GitHub Actions evaluates it, for what a plan can know outside a run: the matrix,
 * `env`, `strategy`, `runner` (Linux), the inputs' defaults (when the workflow declares inputs),
 * the services' ports (`job.services.<id>.ports[<port>]`) and the status functions. A reference to `secrets` or to `github.token` is never evaluated: the
 * caller drops what uses it. Other contexts (`github`, `steps`, `needs`, `vars`) are unknown here
 * and reported as unresolved.
 * The text is the attacker's: expressions are bounded in length, count and nesting.
 */

export interface Contexts {
  matrix?: Record<string, unknown>;
  env?: Record<string, string>;
  strategy?: Record<string, unknown>;
  runner?: Record<string, unknown>;
  /** The defaults of `on.workflow_call` / `on.workflow_dispatch` inputs, when the workflow has any. */
  inputs?: Record<string, unknown>;
  /** `job.services.<id>.ports[<port>]` as the reproduction has them (each service on its own port). */
  job?: Record<string, unknown>;
}

/** The runner context of a Linux job, as far as a container can honour it. */
export const LINUX_RUNNER = { os: 'Linux', arch: 'X64', temp: '/tmp', tool_cache: '/opt/hostedtoolcache' };

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly kind: 'secret' | 'unknown' | 'syntax'
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const MAX_EXPRESSION = 4096;
const MAX_EXPRESSIONS = 200;
const MAX_DEPTH = 50;

type Token =
  { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Token[] {
  if (src.length > MAX_EXPRESSION)
    throw new ExpressionError(`expression longer than ${MAX_EXPRESSION} characters`, 'syntax');
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new ExpressionError('unterminated string', 'syntax');
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9.]/.test(src[i + 1] ?? '') && !isValue(out.at(-1)))) {
      const m = /^-?(0x[0-9a-f]+|[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?)/i.exec(src.slice(i));
      if (!m) throw new ExpressionError(`bad number at '${src.slice(i, i + 10)}'`, 'syntax');
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if ('!<>().[],*'.includes(c)) {
        out.push({ t: 'op', v: c });
        i++;
      } else {
        throw new ExpressionError(`unexpected '${c}'`, 'syntax');
      }
    }
  }
  return out;
}

function isValue(t: Token | undefined): boolean {
  return !!t && (t.t !== 'op' || t.v === ')' || t.v === ']');
}

/** True when the expression reads `secrets` or `github.token` anywhere (even in a branch not taken). */
function readsSecret(tokens: Token[]): boolean {
  return tokens.some((tok, i) => {
    if (tok.t !== 'id' || (i > 0 && tokens[i - 1].t === 'op' && tokens[i - 1].v === '.')) return false;
    const name = tok.v.toLowerCase();
    if (name === 'secrets') return true;
    if (name !== 'github') return false;
    const next = tokens[i + 1];
    const prop = tokens[i + 2];
    if (next?.t === 'op' && next.v === '.' && prop?.t === 'id') return prop.v.toLowerCase() === 'token';
    if (next?.t === 'op' && next.v === '[' && prop?.t === 'str') return prop.v.toLowerCase() === 'token';
    return false;
  });
}

/** GitHub's string form of a value. */
export function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
}

export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '') return false;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return true;
}

function toNumber(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? 0 : Number(s);
  }
  return NaN;
}

function looseEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  const prim = (x: unknown): boolean =>
    x === null || x === undefined || ['string', 'number', 'boolean'].includes(typeof x);
  if (!prim(a) || !prim(b)) return a === b;
  if (typeof a === typeof b || a == null || b == null) {
    if ((a ?? null) === (b ?? null)) return true;
  }
  return toNumber(a) === toNumber(b);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  return Number.isNaN(x) || Number.isNaN(y) ? NaN : x - y;
}

function property(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object') return null;
  if (Array.isArray(obj)) {
    const n = Number(key);
    return Number.isInteger(n) ? (obj[n] ?? null) : null;
  }
  const found = Object.keys(obj).find(k => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? null : ((obj as Record<string, unknown>)[found] ?? null);
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly ctx: Contexts
  ) {}

  parse(): unknown {
    const v = this.or();
    if (this.i < this.tokens.length)
      throw new ExpressionError('unexpected text after the expression', 'syntax');
    return v;
  }

  private peek(v: string): boolean {
    const t = this.tokens[this.i];
    return t?.t === 'op' && t.v === v;
  }

  private expect(v: string): void {
    if (!this.peek(v)) throw new ExpressionError(`expected '${v}'`, 'syntax');
    this.i++;
  }

  private nested<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError('expression nested too deeply', 'syntax');
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private or(): unknown {
    let v = this.and();
    while (this.peek('||')) {
      this.i++;
      const r = this.and();
      v = truthy(v) ? v : r;
    }
    return v;
  }

  private and(): unknown {
    let v = this.equality();
    while (this.peek('&&')) {
      this.i++;
      const r = this.equality();
      v = truthy(v) ? r : v;
    }
    return v;
  }

  private equality(): unknown {
    let v = this.relational();
    while (this.peek('==') || this.peek('!=')) {
      const op = (this.tokens[this.i++] as { v: string }).v;
      const r = this.relational();
      v = op === '==' ? looseEqual(v, r) : !looseEqual(v, r);
    }
    return v;
  }

  private relational(): unknown {
    let v = this.unary();
    while (this.peek('<') || this.peek('>') || this.peek('<=') || this.peek('>=')) {
      const op = (this.tokens[this.i++] as { v: string }).v;
      const c = compare(v, this.unary());
      v = op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
    }
    return v;
  }

  private unary(): unknown {
    if (this.peek('!')) {
      this.i++;
      return this.nested(() => !truthy(this.unary()));
    }
    return this.postfix();
  }

  private postfix(): unknown {
    let v = this.primary();
    // After `.*` the value is a list and each later property applies to its items.
    let star = false;
    const get = (x: unknown, key: string): unknown =>
      star && Array.isArray(x) ? x.map(item => property(item, key)) : property(x, key);
    for (;;) {
      if (this.peek('.')) {
        this.i++;
        const t = this.tokens[this.i++];
        if (t?.t === 'op' && t.v === '*') {
          v = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [];
          star = true;
        } else if (t?.t === 'id') {
          v = get(v, t.v);
        } else throw new ExpressionError('expected a property name after .', 'syntax');
      } else if (this.peek('[')) {
        this.i++;
        const k = this.nested(() => this.or());
        this.expect(']');
        v = get(v, toText(k));
      } else return v;
    }
  }

  private primary(): unknown {
    const t = this.tokens[this.i++];
    if (!t) throw new ExpressionError('unexpected end of expression', 'syntax');
    if (t.t === 'num' || t.t === 'str') return t.v;
    if (t.t === 'op') {
      if (t.v !== '(') throw new ExpressionError(`unexpected '${t.v}'`, 'syntax');
      const v = this.nested(() => this.or());
      this.expect(')');
      return v;
    }
    const name = t.v.toLowerCase();
    if (name === 'true') return true;
    if (name === 'false') return false;
    if (name === 'null') return null;
    if (this.peek('(')) return this.call(name);
    switch (name) {
      case 'matrix':
        return this.ctx.matrix ?? {};
      case 'env':
        return this.ctx.env ?? {};
      case 'strategy':
        return this.ctx.strategy ?? {};
      case 'runner':
        return this.ctx.runner ?? LINUX_RUNNER;
      case 'secrets':
        throw new ExpressionError('uses secrets', 'secret');
      case 'inputs':
        if (this.ctx.inputs) return this.ctx.inputs;
        throw new ExpressionError(`the ${t.v} context is not known outside a run`, 'unknown');
      case 'job':
        if (this.ctx.job) return this.ctx.job;
        throw new ExpressionError(`the ${t.v} context is not known outside a run`, 'unknown');
      default:
        throw new ExpressionError(`the ${t.v} context is not known outside a run`, 'unknown');
    }
  }

  private call(name: string): unknown {
    this.expect('(');
    const args: unknown[] = [];
    while (!this.peek(')')) {
      args.push(this.nested(() => this.or()));
      if (!this.peek(')')) this.expect(',');
    }
    this.expect(')');
    const s = (k: number): string => toText(args[k]);
    switch (name) {
      case 'success':
      case 'always':
        return true;
      case 'failure':
      case 'cancelled':
        return false;
      case 'contains':
        return Array.isArray(args[0])
          ? args[0].some(x => looseEqual(x, args[1]))
          : s(0).toLowerCase().includes(s(1).toLowerCase());
      case 'startswith':
        return s(0).toLowerCase().startsWith(s(1).toLowerCase());
      case 'endswith':
        return s(0).toLowerCase().endsWith(s(1).toLowerCase());
      case 'format':
        return s(0).replace(/\{\{|\}\}|\{(\d+)\}/g, (m, n: string | undefined) =>
          m === '{{' ? '{' : m === '}}' ? '}' : toText(args[Number(n) + 1])
        );
      case 'join':
        return Array.isArray(args[0]) ? args[0].map(toText).join(args.length > 1 ? s(1) : ',') : s(0);
      case 'tojson':
        return JSON.stringify(args[0] ?? null, null, 2);
      case 'fromjson':
        try {
          return JSON.parse(s(0)) as unknown;
        } catch {
          throw new ExpressionError('fromJSON of text that is not JSON', 'syntax');
        }
      default:
        throw new ExpressionError(`the function ${name}() is not known outside a run`, 'unknown');
    }
  }
}

/** The value of one expression (the text between `${{` and `}}`). Throws ExpressionError. */
export function evaluate(expression: string, ctx: Contexts): unknown {
  const tokens = tokenize(expression);
  if (readsSecret(tokens)) throw new ExpressionError('uses secrets or github.token', 'secret');
  return new Parser(tokens, ctx).parse();
}

/** The `${{ … }}` parts of a text, with where each starts and ends (a `}}` inside a string does not end one). */
function expressionsIn(text: string): { start: number; end: number; body: string }[] {
  const out: { start: number; end: number; body: string }[] = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf('${{', at);
    if (start < 0) return out;
    let i = start + 3;
    let inString = false;
    for (; i < text.length; i++) {
      if (text[i] === "'") inString = !inString;
      else if (!inString && text.startsWith('}}', i)) break;
    }
    if (i >= text.length) throw new ExpressionError(`'\${{' without its '}}'`, 'syntax');
    out.push({ start, end: i + 2, body: text.slice(start + 3, i) });
    if (out.length > MAX_EXPRESSIONS)
      throw new ExpressionError(`more than ${MAX_EXPRESSIONS} expressions in one value`, 'syntax');
    at = i + 2;
  }
}

export interface Substituted {
  text: string;
  /** Some expression uses `secrets` or `github.token` (its value is left empty). */
  secret: boolean;
  /** The expressions that cannot be known outside a run (left empty), with why. */
  unresolved: string[];
}

/** `text` with every `${{ … }}` replaced by its value; what cannot be known becomes empty. */
export function substitute(text: string, ctx: Contexts): Substituted {
  let secret = false;
  const unresolved: string[] = [];
  let parts: { start: number; end: number; body: string }[];
  try {
    parts = expressionsIn(text);
  } catch (e) {
    return { text, secret: false, unresolved: [(e as Error).message] };
  }
  let out = '';
  let at = 0;
  for (const p of parts) {
    out += text.slice(at, p.start);
    at = p.end;
    try {
      out += toText(evaluate(p.body, ctx));
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      if (e.kind === 'secret') secret = true;
      else unresolved.push(`\${{${p.body}}}: ${e.message}`);
    }
  }
  return { text: out + text.slice(at), secret, unresolved };
}

/** True when `text` holds an expression. */
export function hasExpression(text: string): boolean {
  return text.includes('${{');
}

/**
 * An `if:` (with or without `${{ }}`): true, false, or undefined when it cannot be known here.
 * A condition that names no status function is `success() && (…)`.
 */
export function condition(text: string, ctx: Contexts): boolean | undefined {
  const t = text.trim();
  const m = /^\$\{\{([\s\S]*)\}\}$/.exec(t);
  const body = m && !m[1].includes('}}') ? m[1] : hasExpression(t) ? undefined : t;
  try {
    if (body === undefined) return truthy(substitute(t, ctx).text);
    return truthy(evaluate(body, ctx));
  } catch {
    return undefined;
  }
}
