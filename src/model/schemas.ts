import type { Ajv, ValidateFunction } from 'ajv';
import type { Category, Diagnosis } from '../types.js';

/** The model's diagnosis answer. */
export interface DiagnosisAnswer {
  rootCause: string;
  category: Category;
  confidence: number;
  file?: string;
  line?: number;
  plan: string;
}

/** The model's diagnosis answer as the Diagnosis record. */
export function modelDiagnosis(d: DiagnosisAnswer): Diagnosis {
  return {
    source: 'model',
    rootCause: d.rootCause,
    category: d.category,
    confidence: d.confidence,
    ...(d.file ? { file: d.file } : {}),
    ...(d.line ? { line: d.line } : {}),
    plan: d.plan
  };
}

/** The model's proposed regression test: a new test file that fails on the broken commit. */
export interface RegressionTestAnswer {
  file: string;
  content: string;
  explanation: string;
}

/** The model's patch: exact search/replace edits. */
export interface PatchAnswer {
  edits: { file: string; search: string; replace: string }[];
  explanation: string;
}

const CATEGORIES: Category[] = [
  'test',
  'build',
  'lint',
  'dependency',
  'infra',
  'timeout',
  'cancelled',
  'unknown'
];

/** JSON Schemas (draft-07 subset) of the answers; ajv validates them, Gemini gets them converted. */
export const DIAGNOSIS_SCHEMA = {
  type: 'object',
  properties: {
    rootCause: { type: 'string', minLength: 1, description: 'One or two sentences: why the tests fail.' },
    category: { type: 'string', enum: CATEGORIES },
    confidence: { type: 'number', minimum: 0, maximum: 1, description: 'How sure you are, 0..1.' },
    file: { type: 'string', description: 'Repository-relative path of the file with the bug.' },
    line: { type: 'integer', minimum: 1 },
    plan: { type: 'string', minLength: 1, description: 'The minimal change that fixes it.' }
  },
  required: ['rootCause', 'category', 'confidence', 'plan']
} as const;

export const REGRESSION_TEST_SCHEMA = {
  type: 'object',
  properties: {
    file: { type: 'string', minLength: 1, description: 'Repository-relative path of a NEW test file.' },
    content: { type: 'string', minLength: 1, description: 'Full content of the test file.' },
    explanation: { type: 'string' }
  },
  required: ['file', 'content', 'explanation']
} as const;

export const PATCH_SCHEMA = {
  type: 'object',
  properties: {
    edits: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          file: { type: 'string', minLength: 1 },
          search: {
            type: 'string',
            minLength: 1,
            description: 'Exact text copied from the file, occurring once.'
          },
          replace: { type: 'string' }
        },
        required: ['file', 'search', 'replace']
      }
    },
    explanation: { type: 'string' }
  },
  required: ['edits', 'explanation']
} as const;

/** Names of the answer schemas. */
export type SchemaName = 'diagnosis' | 'regressionTest' | 'patch';

const SCHEMAS: Record<SchemaName, Record<string, unknown>> = {
  diagnosis: DIAGNOSIS_SCHEMA,
  regressionTest: REGRESSION_TEST_SCHEMA,
  patch: PATCH_SCHEMA
};

// Loaded on first use: ajv is a third of the CLI bundle, and a heal without a model never asks.
let ajv: Promise<Ajv> | undefined;

type AjvClass = new (opts: { allErrors: boolean; strict: boolean }) => Ajv;

/**
 * ajv is CommonJS (`module.exports = Ajv`, with `.Ajv` on it): a dynamic import names the class
 * directly under Node, and only as `default.Ajv` in the ncc bundle.
 */
async function loadAjv(): Promise<Ajv> {
  const m = (await import('ajv')) as unknown as { Ajv?: AjvClass; default?: { Ajv?: AjvClass } };
  const Ctor = m.Ajv ?? m.default?.Ajv;
  if (typeof Ctor !== 'function') throw new Error('ajv did not load: no Ajv class in the module');
  return new Ctor({ allErrors: true, strict: false });
}
const validators = new Map<SchemaName, ValidateFunction>();

/**
 * Converts a JSON Schema to the OpenAPI subset Gemini's `responseSchema` takes: upper-case types,
 * no `minLength`/`minimum` (not all models accept them; ajv still checks them afterwards).
 */
export function toGeminiSchema(schema: unknown): Record<string, unknown> {
  const conv = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(conv);
    if (s === null || typeof s !== 'object') return s;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s as Record<string, unknown>)) {
      if (k === 'type' && typeof v === 'string') out.type = v.toUpperCase();
      else if (k === 'properties' && v && typeof v === 'object') {
        out.properties = Object.fromEntries(
          Object.entries(v as Record<string, unknown>).map(([p, ps]) => [p, conv(ps)])
        );
        out.propertyOrdering = Object.keys(v as Record<string, unknown>);
      } else if (['minLength', 'additionalProperties', '$schema'].includes(k)) continue;
      else out[k] = conv(v);
    }
    return out;
  };
  return conv(schema) as Record<string, unknown>;
}

/** The schema to send for an answer. */
export function geminiSchema(name: SchemaName): Record<string, unknown> {
  return toGeminiSchema(SCHEMAS[name]);
}

/** A parsed answer, or why it is unusable. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Strips a ```json fence (models add one despite the JSON mime type) and surrounding prose. */
export function stripFences(text: string): string {
  const t = text.trim();
  const fenced = /^```[a-zA-Z]*\s*\n([\s\S]*?)\n?```\s*$/.exec(t);
  return fenced ? fenced[1].trim() : t;
}

/** Parses and validates an answer; never rejects. */
export async function parseAnswer<T>(name: SchemaName, text: string): Promise<Parsed<T>> {
  let value: unknown;
  try {
    value = JSON.parse(stripFences(text));
  } catch (err) {
    return { ok: false, error: `answer is not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  let validate = validators.get(name);
  if (!validate) {
    ajv ??= loadAjv();
    validate = (await ajv).compile(SCHEMAS[name]);
    validators.set(name, validate);
  }
  if (!validate(value)) {
    const why = (validate.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
    return { ok: false, error: `answer does not match the ${name} schema: ${why}` };
  }
  return { ok: true, value: value as T };
}
