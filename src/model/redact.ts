import { redact as triageRedact } from '../triage/redact.js';

/**
 * Redaction before anything goes to the model: the triage's redactor (token formats, add-mask
 * values, secret-looking assignments, URL credentials), then a few shapes it leaves alone
 * (Bearer/Basic headers, OpenAI-style keys) as a second net, since prompts leave the runner.
 */
const EXTRA: RegExp[] = [/\bsk-[A-Za-z0-9_-]{20,}\b/g, /\bAIza[0-9A-Za-z_-]{30,}\b/g];
const AUTH_HEADER = /\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{16,}/g;

/** Replaces secrets (known token shapes, `X_TOKEN=...` assignments, given values) with `***`. */
export function redact(text: string, extraSecrets: string[] = []): string {
  let out = triageRedact(text, extraSecrets);
  for (const re of EXTRA) out = out.replace(re, '***');
  return out.replace(AUTH_HEADER, (_m, kind: string) => `${kind} ***`);
}
