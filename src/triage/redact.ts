/**
 * Redaction of secrets before any log text leaves the triage: known token formats, `::add-mask::`
 * values, high-entropy values assigned to KEY/TOKEN/SECRET/PASSWORD-like names, and extra secrets.
 */

export const REDACTED = '***';

const TOKEN_FORMATS: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b/g,
  /\bxox[abposr]-[0-9A-Za-z-]{10,}\b/g,
  /\bxapp-\d-[0-9A-Za-z-]{10,}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g,
  /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bglpat-[0-9A-Za-z_-]{20,}\b/g,
  /\bpypi-AgE[0-9A-Za-z_-]{50,}\b/g
];
const PRIVATE_KEY =
  /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \1-----|$(?![\s\S]))/g;
const ADD_MASK = /::add-mask::(.*)$/;
// A name that says "secret", then `=` or `:`, then the value (optionally quoted).
const ASSIGNED =
  /((?:^|[^A-Za-z0-9])[A-Za-z0-9_.-]*?(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?|API_?KEY|AUTH)[A-Za-z0-9_]*["']?\s*[:=]\s*)(["']?)([^\s"',;]{8,})\2/gi;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]{3,})@/gi;

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

/** A value that looks generated rather than a word, a path or a placeholder. */
function looksSecret(v: string): boolean {
  if (v.length < 8 || /^\*+$/.test(v) || /^\$\{?\{?/.test(v) || v === REDACTED) return false;
  if (/^(?:true|false|null|none|undefined|required|optional|string)$/i.test(v)) return false;
  if (/^[a-z]+(?:[-_][a-z]+)*$/.test(v)) return false;
  // Generated secrets are made of token characters and carry digits; type names and calls are not.
  if (!/^[A-Za-z0-9+/=_.~!@#$%^&*-]+$/.test(v) || !/\d/.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter(r => r.test(v)).length;
  return entropy(v) >= 3 && classes >= 2;
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

/** Redacts secrets in a text. */
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
    (_m, kind: string) => `-----BEGIN ${kind}-----\n${REDACTED}\n-----END ${kind}-----`
  );
  for (const re of TOKEN_FORMATS) s = s.replace(re, REDACTED);
  s = s.replace(URL_CREDENTIALS, (_m, pre: string) => `${pre}${REDACTED}@`);
  s = s.replace(ASSIGNED, (m, pre: string, q: string, v: string) =>
    looksSecret(v) ? `${pre}${q}${REDACTED}${q}` : m
  );
  return s;
}
