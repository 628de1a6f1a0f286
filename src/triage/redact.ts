/**
 * The one place that knows what a secret looks like. Everything that leaves the runner (the triage's
 * chunk and failures, every prompt for the model) goes through `redact`; the sandboxes ask
 * `looksLikeCredential` which variables to keep from the project's code.
 *
 * What is replaced by `***`:
 * - given values and `::add-mask::` values;
 * - known token formats (GitHub, AWS, Google, Slack, OpenAI/Anthropic, Stripe, npm, GitLab, PyPI, JWT),
 *   Slack and Discord webhook URLs, private key blocks (whole or cut at either end);
 * - the password of a URL (`https://user:pass@host`), `Authorization:`-like headers, `Bearer x`;
 * - the value of a name that says secret (`password: x`, `DB_PASS=x`, `API_TOKEN="x"`, `--password x`,
 *   `*_SECRET`, `*_KEY` in capitals) unless it is a placeholder or a reference in code
 *   (`${{ secrets.X }}`, `$VAR`, `os.environ[...]`, `self.password`, a word without digits);
 *   weaker names (`key`, `auth`) only when the value looks generated (entropy);
 * - a generated-looking string (hex of 32+, or 16+ mixed characters with digits and high entropy)
 *   that follows a secret word in the same line (`deploy token 9f86d0…`).
 *
 * What is kept on purpose: a bare 40-hex string anywhere else. It is a git commit SHA far more often
 * than a token (checkout logs, `HEAD is now at`, pip installs from git, tracebacks), and a SHA helps the
 * model; a 40-hex credential is caught when it is assigned to or follows a secret word.
 *
 * Redaction keeps the line count, so line numbers shown next to redacted source stay right.
 */

export const REDACTED = '***';

/** Credentials recognisable by their shape alone, wherever they appear. */
const TOKEN_FORMATS: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ABIA|ACCA)[0-9A-Z]{16}\b/g,
  /\bxox[abposr]-[0-9A-Za-z-]{10,}/g,
  /\bxapp-\d-[0-9A-Za-z-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bglpat-[0-9A-Za-z_-]{20,}/g,
  /\bpypi-AgE[0-9A-Za-z_-]{50,}/g,
  /\bhooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/g,
  /\b(?:discord(?:app)?\.com|canary\.discord\.com)\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+/g,
  /\boutlook\.office\.com\/webhook\/[A-Za-z0-9@/_-]+/g
];
/** A private key block; the body is replaced line by line (line count kept), even when cut at the end. */
const PRIVATE_KEY =
  /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----([\s\S]*?)(-----END \1-----|$(?![\s\S]))/g;
/** The END line of a key block, whose BEGIN line may have been cut off. */
const PRIVATE_KEY_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
const ADD_MASK = /::add-mask::(.*)$/;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]{3,})@/gi;
/** Headers whose whole value is a credential (the scheme word is kept). */
const AUTH_HEADER =
  /\b((?:Proxy-)?Authorization|X-Api-Key|X-Auth-Token|Private-Token|X-Goog-Api-Key|Cookie|Set-Cookie)(["']?\s*:\s*)((?:Bearer|Basic|token|Token|Digest)\s+)?([^\s"'][^\r\n"']{7,})/gi;
const BEARER = /\b(Bearer|Basic)\s+([A-Za-z0-9._~+/-]{12,}=*)/g;
/**
 * A name, then `=`, `:`, `:=` or `=>` (or a space after a `--flag`), then a value (quoted or not).
 * The name is judged by `secretName`, the value by `isPlaceholder` / `looksGenerated`.
 */
const ASSIGNMENT =
  /(?<![A-Za-z0-9_$])(--?)?([A-Za-z_][A-Za-z0-9_.-]{0,80})(["']?)(\s*(?:=>|:=|=|:(?!:))\s*|(?<=--[A-Za-z0-9_.-]{1,80})\s+)(?:(["'`])([^"'`\r\n]{1,300})\5|([^\s"'`,;<>(){}[\]]{1,300}))/g;
/** Words that make the value after them, or a generated string near them, a secret. */
const SECRET_WORD =
  /(?:password|passwd|passphrase|\bpass\b|\bpwd\b|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|bearer|\bauth\b|webhook|\bkey\b)/i;
const NEAR_SECRET_WORD = new RegExp(
  `(${SECRET_WORD.source})([^\\r\\n]{0,40}?)(?<![A-Za-z0-9+/_-])([A-Za-z0-9+/_-]{16,}={0,2})(?![A-Za-z0-9+/_-])`,
  'gi'
);

/** Shannon entropy of a string in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A value that looks generated rather than a word, a path or an identifier. */
export function looksGenerated(v: string): boolean {
  if (/^[0-9a-f]{32,}$/i.test(v) && /\d/.test(v) && /[a-f]/i.test(v)) return true;
  if (v.length < 12 || !/\d/.test(v)) return false;
  if (!/^[A-Za-z0-9+/=_.~!@#$%^&*-]+$/.test(v)) return false;
  if (/^\d+(?:\.\d+)*$/.test(v) || /^v?\d+\.\d+/.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter(r => r.test(v)).length;
  return entropy(v) >= 3 && classes >= 2;
}

const NOT_A_SECRET_SUFFIX = new Set([
  'name',
  'names',
  'id',
  'ids',
  'file',
  'path',
  'dir',
  'env',
  'type',
  'length',
  'len',
  'count',
  'size',
  'version',
  'enabled',
  'required',
  'arn',
  'region',
  'field',
  'header',
  'param',
  'prompt',
  'label',
  'policy',
  'expiry',
  'expires',
  'ttl',
  'timeout',
  'endpoint',
  'user',
  'username',
  'hint',
  'pattern',
  'regex'
]);

/** How strongly a name says that its value is a secret. */
function secretName(name: string): 'strong' | 'weak' | undefined {
  // Split snake, kebab, dotted and camelCase names into words.
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.-]+/)
    .filter(Boolean);
  if (words.length === 0) return undefined;
  const has = (...w: string[]): boolean => words.some(x => w.includes(x));
  const last = words[words.length - 1];
  // Names about a secret rather than holding one: SECRET_NAME, TOKEN_FILE, password_length.
  if (NOT_A_SECRET_SUFFIX.has(last) && words.length > 1) return undefined;
  if (
    has('password', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential') ||
    has('credentials', 'secrets', 'tokens', 'passwords')
  )
    return 'strong';
  if (last === 'key' && words.length > 1) {
    // API_KEY, access_key, privateKey, STRIPE_KEY; a capitalised env-style *_KEY is a key too.
    if (has('api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'license'))
      return 'strong';
    if (/^[A-Z0-9_]+$/.test(name)) return 'strong';
    return 'weak';
  }
  if (has('key', 'auth', 'authorization')) return 'weak';
  return undefined;
}

/**
 * Placeholders, references and code expressions: not secrets themselves. `literal`: the value is
 * text, never a code reference (quoted, or a shell-style `NAME=value`).
 */
function isPlaceholder(v: string, literal: boolean): boolean {
  const t = v.trim();
  if (t.length < 4 || /^\*+$/.test(t) || /^x+$/i.test(t) || t === REDACTED) return true;
  if (/^(?:\$|%[A-Za-z_]|\{\{|<[^>]*>$|\[[^\]]*\]$)/.test(t)) return true;
  if (
    /^(?:true|false|null|nil|none|undefined|required|optional|string|secret|password|changeme|redacted|hidden|empty)$/i.test(
      t
    )
  )
    return true;
  if (literal) return false;
  // Code: a call, an index, an attribute path, or an identifier without digits is a reference.
  if (/[([]/.test(t)) return true;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)+$/.test(t) && !/\d/.test(t)) return true;
  if (/^[A-Za-z_]+$/.test(t)) return true;
  return false;
}

/** Values announced with `::add-mask::` in a text. */
export function maskValues(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = ADD_MASK.exec(line);
    if (m && m[1].trim().length >= 3) out.push(m[1].trim());
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when a value contains a credential of a known format (for environment variables). */
export function looksLikeCredential(value: string): boolean {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(value)) return true;
  return TOKEN_FORMATS.some(re => {
    re.lastIndex = 0;
    const hit = re.test(value);
    re.lastIndex = 0;
    return hit;
  });
}

/** Replaces the base64 runs of a key body, line by line (line breaks and any gutter kept). */
function keepLines(body: string): string {
  return body.replace(/[A-Za-z0-9+/=]{8,}/g, REDACTED);
}

/** The base64 lines just before an END line whose BEGIN was cut off (a log tail, a chunk). */
function redactKeyTails(text: string): string {
  const ends = [...text.matchAll(PRIVATE_KEY_END)].map(m => m.index ?? 0);
  if (ends.length === 0) return text;
  const lines = text.split('\n');
  let offset = 0;
  let e = 0;
  for (let i = 0; i < lines.length && e < ends.length; i++) {
    const next = offset + lines[i].length + 1;
    if (ends[e] >= offset && ends[e] < next) {
      for (let j = i - 1; j >= 0 && /^\s*[A-Za-z0-9+/=]{16,}\s*$/.test(lines[j]); j--) lines[j] = REDACTED;
      while (e < ends.length && ends[e] < next) e++;
    }
    offset = next;
  }
  return lines.join('\n');
}

/**
 * The values of secret-named assignments. A match whose name is not a secret gives back all but its
 * name and separator, so `file.py: password: x` still finds `password: x`.
 */
function redactAssignments(text: string): string {
  const re = new RegExp(ASSIGNMENT.source, 'g');
  let out = '';
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [all, dash, name, q1, sep, q, qv, bare] = m as unknown as (string | undefined)[] & string[];
    const pre = `${dash ?? ''}${name}${q1}${sep}`;
    const value = qv ?? bare ?? '';
    const quoted = qv !== undefined;
    const strength = secretName(name);
    const shellStyle = sep === '=' && /^[A-Z][A-Z0-9_]*$/.test(name);
    const secret =
      strength !== undefined &&
      (sep.trim() !== '' || dash !== undefined) &&
      value !== REDACTED &&
      !isPlaceholder(value, quoted || shellStyle) &&
      (strength === 'strong' || looksGenerated(value));
    if (!secret) {
      // Resume right after the separator: the value may itself start a secret assignment.
      re.lastIndex = m.index + pre.length;
      continue;
    }
    out += text.slice(from, m.index) + (quoted ? `${pre}${q}${REDACTED}${q}` : `${pre}${REDACTED}`);
    from = m.index + all.length;
  }
  return out + text.slice(from);
}

/** Redacts secrets in a text (see the file comment). */
export function redact(text: string, extraSecrets: string[] = []): string {
  let s = text;
  const literal = [
    ...new Set([...extraSecrets, ...maskValues(s)].map(v => v.trim()).filter(v => v.length >= 3))
  ];
  // Longest first, so a secret that contains another is replaced whole.
  literal.sort((a, b) => b.length - a.length);
  for (const v of literal) s = s.replace(new RegExp(escapeRe(v), 'g'), REDACTED);
  s = s.replace(
    PRIVATE_KEY,
    (_m, kind: string, body: string, end: string) => `-----BEGIN ${kind}-----${keepLines(body)}${end}`
  );
  s = redactKeyTails(s);
  for (const re of TOKEN_FORMATS)
    s = s.replace(re, m => (m.includes('/') ? `${m.split('/')[0]}/${REDACTED}` : REDACTED));
  s = s.replace(URL_CREDENTIALS, (_m, pre: string) => `${pre}${REDACTED}@`);
  s = s.replace(AUTH_HEADER, (m, name: string, sep: string, scheme: string | undefined, value: string) =>
    value.trim() === REDACTED ? m : `${name}${sep}${scheme ?? ''}${REDACTED}`
  );
  s = s.replace(BEARER, (m, kind: string, v: string) =>
    kind === 'Bearer' || looksGenerated(v) ? `${kind} ${REDACTED}` : m
  );
  s = redactAssignments(s);
  s = s.replace(NEAR_SECRET_WORD, (m, word: string, between: string, value: string) =>
    looksGenerated(value) ? `${word}${between}${REDACTED}` : m
  );
  return s;
}
