/** Checks emulator responses against GitHub's official REST description (@octokit/openapi). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A JSON schema node as the OpenAPI description writes it (only the keywords we check). */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  enum?: unknown[];
}

interface MediaType {
  schema?: SchemaNode;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
}

interface ResponseObject {
  $ref?: string;
  content?: Record<string, MediaType>;
}

interface Operation {
  operationId: string;
  responses: Record<string, ResponseObject>;
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, SchemaNode>;
    responses: Record<string, ResponseObject>;
    examples: Record<string, { value: unknown }>;
  };
}

let cached: Spec | undefined;

/** The api.github.com description; parsed once per process (13 MB, about 150 ms). */
export function spec(): Spec {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    cached = JSON.parse(readFileSync(file, 'utf8')) as Spec;
  }
  return cached;
}

function resolve<T extends { $ref?: string }>(node: T): T {
  let n: T = node;
  while (n.$ref) {
    const parts = n.$ref.replace(/^#\//, '').split('/');
    let cur: unknown = spec();
    for (const p of parts) cur = (cur as Record<string, unknown>)[p];
    if (cur === undefined) throw new Error(`unresolved $ref ${n.$ref}`);
    n = cur as T;
  }
  return n;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Validates `value` against `schema`; returns human-readable violations (empty when valid). */
export function validate(schema: SchemaNode, value: unknown, at = '$', depth = 0): string[] {
  const s = resolve(schema);
  if (depth > 40) return [];
  if (s.allOf) {
    const errs = s.allOf.flatMap(sub => validate(sub, value, at, depth + 1));
    if (errs.length) return errs;
  }
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const results = alts.map(sub => validate(sub, value, at, depth + 1));
    if (!results.some(r => r.length === 0)) {
      if (value === null && s.nullable) return [];
      // Report the alternative that came closest, so the message points at a field.
      const best = results.reduce((a, b) => (b.length < a.length ? b : a));
      return [`${at}: matches none of ${alts.length} alternatives; closest: ${best.slice(0, 3).join('; ')}`];
    }
  }
  if (value === null) {
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    if (s.nullable || types.includes('null') || (!s.type && !s.properties && !s.items)) return [];
    return [`${at}: null but schema does not allow null`];
  }
  const actual = typeOf(value);
  if (s.type) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const ok = types.some(t => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) return [`${at}: expected ${types.join('|')}, got ${actual}`];
  }
  if (s.enum && !s.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} not in enum ${JSON.stringify(s.enum)}`];
  const errs: string[] = [];
  if (actual === 'object' && (s.properties || s.required)) {
    const obj = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) errs.push(`${at}: missing required property '${r}'`);
    for (const [k, sub] of Object.entries(s.properties ?? {})) {
      if (k in obj && obj[k] !== undefined) errs.push(...validate(sub, obj[k], `${at}.${k}`, depth + 1));
    }
  }
  if (actual === 'array' && s.items) {
    (value as unknown[]).forEach((item, i) =>
      errs.push(...validate(s.items as SchemaNode, item, `${at}[${i}]`, depth + 1))
    );
  }
  return errs;
}

function operationEntry(method: string, pathTemplate: string): Operation {
  const item = spec().paths[pathTemplate];
  const op = item?.[method.toLowerCase()];
  if (!op) throw new Error(`no operation ${method} ${pathTemplate} in the OpenAPI description`);
  return op;
}

/** The JSON schema of one operation's response, or undefined when that status has no JSON body. */
export function responseSchema(method: string, pathTemplate: string, status: number): SchemaNode | undefined {
  const op = operationEntry(method, pathTemplate);
  const r = op.responses[String(status)];
  if (!r) return undefined;
  return resolve(r).content?.['application/json']?.schema;
}

/** Whether the description lists this status for the operation at all. */
export function documentsStatus(method: string, pathTemplate: string, status: number): boolean {
  return String(status) in operationEntry(method, pathTemplate).responses;
}

/** The documented example body of a response (the templates our records start from). */
export function responseExample(method: string, pathTemplate: string, status: number): unknown {
  const op = operationEntry(method, pathTemplate);
  const media = resolve(op.responses[String(status)] ?? {}).content?.['application/json'];
  const ex = Object.values(media?.examples ?? {})[0];
  if (!ex) throw new Error(`no example for ${method} ${pathTemplate} ${status}`);
  const value = ex.$ref ? resolve(ex as { $ref?: string; value?: unknown }).value : ex.value;
  return structuredClone(value);
}

/** Checks a response against the description; returns the violations. */
export function checkResponse(method: string, pathTemplate: string, status: number, body: unknown): string[] {
  const schema = responseSchema(method, pathTemplate, status);
  if (!schema) {
    if (body === undefined || body === null || body === '') return [];
    if (!documentsStatus(method, pathTemplate, status) && status < 400) {
      return [`${method} ${pathTemplate}: status ${status} is not documented`];
    }
    return [];
  }
  return validate(schema, body).map(e => `${method} ${pathTemplate} ${status}: ${e}`);
}

/** Checks a request body against the operation's requestBody schema; returns the violations. */
export function checkRequest(method: string, pathTemplate: string, body: unknown): string[] {
  const rb = operationEntry(method, pathTemplate).requestBody;
  const schema = rb?.content?.['application/json']?.schema;
  if (!rb || !schema) return [];
  if (body === undefined) return rb.required ? ['a request body is required'] : [];
  return validate(schema, body, 'body');
}
