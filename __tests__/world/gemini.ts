/**
 * Gemini API emulator on loopback: `POST /v1beta/models/{model}:generateContent` (and the streaming
 * and countTokens variants) answering from a script, with usage metadata and Google's real error
 * bodies (429 with RetryInfo, the daily quota, 503 UNAVAILABLE, a rejected key, a retired model's 404,
 * a thinking level sent to a 2.5 model). Sampling parameters a 3.x model takes no more (deprecated
 * 2026-07-21) are accepted, as the API does, and recorded so a test can assert they were not sent.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenLoopback, readBody } from './http-util.js';
import { validate, type SchemaNode } from './openapi.js';

/** One scripted answer. */
export type GeminiAnswer =
  /** A model answer whose text part is this value as JSON (what `responseMimeType: application/json` gives). */
  | { json: unknown; usage?: UsageOverride }
  /** A model answer with this raw text. */
  | { text: string; finishReason?: string; usage?: UsageOverride }
  /** A reply cut off by the output token limit: finishReason MAX_TOKENS, the text as given. */
  | { truncated: string; usage?: UsageOverride }
  /** The prompt was blocked: no candidates, promptFeedback.blockReason. */
  | { blocked: 'SAFETY' | 'OTHER' | 'PROHIBITED_CONTENT' }
  /**
   * 429 RESOURCE_EXHAUSTED with QuotaFailure, Help and RetryInfo details; `perDay` is the daily quota
   * (its quotaId says PerDay; it carries RetryInfo too, though waiting seconds does not help).
   */
  | { status: 429; retryDelaySeconds?: number; perDay?: boolean }
  /** 503 UNAVAILABLE, "The model is overloaded." */
  | { status: 503 }
  /** 500 INTERNAL. */
  | { status: 500 }
  /** Any status with a body of your own. */
  | { status: number; body: unknown }
  /** Never answers (until the emulator stops): for client timeouts. */
  | { hang: true }
  /**
   * A 200 answer of `bytes` bytes (one huge text part), written lazily as the client reads it, so a
   * 400 MB answer costs the emulator nothing. `declareLength`: send content-length (default: chunked).
   */
  | { oversized: number; declareLength?: boolean }
  /** Waits, then gives `then`. */
  | { delayMs: number; then: GeminiAnswer };

/** Token counts to report instead of the estimate (chars / 4). */
export interface UsageOverride {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
}

/** One recorded generateContent (or streamGenerateContent / countTokens) request. */
export interface GeminiRequest {
  model: string;
  method: 'generateContent' | 'streamGenerateContent' | 'countTokens';
  apiVersion: string;
  /** The JSON body as the SDK sent it (contents, systemInstruction, generationConfig, ...). */
  body: GenerateContentBody;
  /** All text of the request (system instruction and every content part), joined with newlines. */
  promptText: string;
  headers: Record<string, string>;
  /** Status answered (0 while hanging). */
  status: number;
  /** The sampling parameters (temperature, topP, topK) the request set, deprecated for 3.x models. */
  sampling: string[];
}

/** The parts of a generateContent body the emulator reads. */
export interface GenerateContentBody {
  contents?: { role?: string; parts?: { text?: string }[] }[];
  systemInstruction?: { role?: string; parts?: { text?: string }[] } | string;
  generationConfig?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Options of the emulator. */
export interface GeminiOptions {
  /** The key requests must carry in `x-goog-api-key` (default `test-gemini-key`). */
  apiKey?: string;
  /** Known model names (default: any name starting with `gemini-` that is not retired). */
  models?: string[];
  /** Model ids shut down: 404 NOT_FOUND as the API answers them (default RETIRED_IN_EMULATOR). */
  retired?: string[];
  /** Answer when the script is empty (default: a 500 that names the missing answer, so tests notice). */
  fallback?: (req: GeminiRequest) => GeminiAnswer;
  /**
   * With structured output the real API only returns JSON that fits the request's responseSchema or
   * responseJsonSchema: a scripted `json` answer that does not fit is a test mistake, answered with a
   * 500 that says so (default true). `text` answers are never checked, to script off-schema output.
   */
  strictSchema?: boolean;
}

/** Ids the real API answers with 404 today (shut down per Google's deprecations page, 2026-11-29). */
export const RETIRED_IN_EMULATOR = [
  'gemini-1.5-flash',
  'gemini-1.5-pro',
  'gemini-2.0-flash',
  'gemini-2.0-flash-001',
  'gemini-2.0-flash-lite',
  'gemini-2.0-flash-lite-001',
  'gemini-2.5-flash-preview-09-2025',
  'gemini-3-pro-preview',
  'gemini-3.1-flash-lite-preview'
];

/** The 404 the API answers for a model id it does not serve. */
export function modelNotFoundBody(
  model: string,
  apiVersion: string,
  method: string
): Record<string, unknown> {
  return errorBody(
    404,
    'NOT_FOUND',
    `models/${model} is not found for API version ${apiVersion}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`
  );
}

/** The 400 the API answers for a key it does not know. */
export function invalidKeyBody(): Record<string, unknown> {
  return errorBody(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' }
    },
    {
      '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
      locale: 'en-US',
      message: 'API key not valid. Please pass a valid API key.'
    }
  ]);
}

const SAMPLING = ['temperature', 'topP', 'topK'];

/** Gemini's schema form (upper-case types, nullable) as the JSON-schema subset the validator reads. */
function toSchemaNode(s: unknown): SchemaNode {
  const conv = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(conv);
    if (x === null || typeof x !== 'object') return x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
      if (k === 'type')
        out.type = Array.isArray(v) ? v.map(t => String(t).toLowerCase()) : String(v).toLowerCase();
      else if (k === 'properties' && v && typeof v === 'object') {
        out.properties = Object.fromEntries(
          Object.entries(v as Record<string, unknown>).map(([n, ps]) => [n, conv(ps)])
        );
      } else out[k] = conv(v);
    }
    // Gemini's TYPE_UNSPECIFIED means any value.
    if (out.type === 'type_unspecified') delete out.type;
    return out;
  };
  return conv(s) as SchemaNode;
}

/** The fields of the API's Schema message; anything else in responseSchema is rejected by the proto parser. */
const SCHEMA_FIELDS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum'
]);

/** The first field of a responseSchema the API does not know, with the path its error names. */
export function unknownSchemaField(
  schema: unknown,
  at = 'generation_config.response_schema'
): { name: string; at: string } | undefined {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    if (!SCHEMA_FIELDS.has(k)) return { name: k, at };
    if (k === 'items') {
      const r = unknownSchemaField(v, `${at}.items`);
      if (r) return r;
    }
    if (k === 'anyOf' && Array.isArray(v)) {
      for (const [i, x] of v.entries()) {
        const r = unknownSchemaField(x, `${at}.any_of[${i}]`);
        if (r) return r;
      }
    }
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [i, x] of Object.values(v as Record<string, unknown>).entries()) {
        const r = unknownSchemaField(x, `${at}.properties[${i}].value`);
        if (r) return r;
      }
    }
  }
  return undefined;
}

/** Violations of the request's structured-output schema by `value` (none when it asked for none). */
export function checkStructuredOutput(body: GenerateContentBody, value: unknown): string[] {
  const cfg = body.generationConfig ?? {};
  const schema = cfg.responseJsonSchema ?? cfg.responseSchema;
  if (!schema || typeof schema !== 'object') return [];
  try {
    return validate(toSchemaNode(schema), value);
  } catch (err) {
    return [`schema could not be checked: ${String(err)}`];
  }
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function textOf(body: GenerateContentBody): string {
  const parts: string[] = [];
  const sys = body.systemInstruction;
  if (typeof sys === 'string') parts.push(sys);
  else for (const p of sys?.parts ?? []) if (p.text) parts.push(p.text);
  for (const c of body.contents ?? []) for (const p of c.parts ?? []) if (p.text) parts.push(p.text);
  return parts.join('\n');
}

function errorBody(
  code: number,
  status: string,
  message: string,
  details?: unknown[]
): Record<string, unknown> {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

/** Google's 429 for a Gemini free-tier quota, as the API sends it (the daily one also with RetryInfo). */
export function quotaExceededBody(
  model: string,
  retryDelaySeconds: number,
  perDay = false
): Record<string, unknown> {
  if (perDay) {
    return errorBody(
      429,
      'RESOURCE_EXHAUSTED',
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n' +
        `* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 250, model: ${model}\n` +
        `Please retry in ${retryDelaySeconds}s.`,
      [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [
            {
              quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
              quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
              quotaDimensions: { location: 'global', model },
              quotaValue: '250'
            }
          ]
        },
        {
          '@type': 'type.googleapis.com/google.rpc.Help',
          links: [
            {
              description: 'Learn more about Gemini API quotas',
              url: 'https://ai.google.dev/gemini-api/docs/rate-limits'
            }
          ]
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` }
      ]
    );
  }
  return errorBody(
    429,
    'RESOURCE_EXHAUSTED',
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n' +
      `* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 10, model: ${model}\n` +
      `Please retry in ${retryDelaySeconds}s.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
            quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
            quotaDimensions: { location: 'global', model },
            quotaValue: '10'
          }
        ]
      },
      {
        '@type': 'type.googleapis.com/google.rpc.Help',
        links: [
          {
            description: 'Learn more about Gemini API quotas',
            url: 'https://ai.google.dev/gemini-api/docs/rate-limits'
          }
        ]
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` }
    ]
  );
}

interface Reply {
  status: number;
  body: unknown;
}

/** The emulator. Script answers with `enqueue`, point the SDK's `httpOptions.baseUrl` at `url`. */
export class GeminiEmulator {
  readonly apiKey: string;
  readonly requests: GeminiRequest[] = [];
  /** Scripted `json` answers that did not fit the request's schema. */
  readonly schemaMismatches: string[] = [];
  private readonly strictSchema: boolean;
  private readonly queue: GeminiAnswer[] = [];
  private readonly models?: string[];
  private readonly retired: string[];
  private readonly fallback?: GeminiOptions['fallback'];
  private server?: Server;
  private baseUrl = '';
  private readonly hanging = new Set<ServerResponse>();

  constructor(opts: GeminiOptions = {}) {
    this.apiKey = opts.apiKey ?? 'test-gemini-key';
    this.models = opts.models;
    this.retired = opts.retired ?? RETIRED_IN_EMULATOR;
    this.fallback = opts.fallback;
    this.strictSchema = opts.strictSchema ?? true;
  }

  /** Base URL (what `GOOGLE_GEMINI_BASE_URL` / `httpOptions.baseUrl` gets). */
  get url(): string {
    if (!this.baseUrl) throw new Error('GeminiEmulator not started');
    return this.baseUrl;
  }

  async start(): Promise<{ url: string }> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(errorBody(500, 'INTERNAL', `emulator error: ${String(err)}`)));
      });
    });
    this.baseUrl = await listenLoopback(this.server);
    return { url: this.baseUrl };
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    await closeServer(this.server);
  }

  /** Appends answers to the script; each request takes the next one. */
  enqueue(...answers: GeminiAnswer[]): this {
    this.queue.push(...answers);
    return this;
  }

  /** Answers not yet used. */
  get pending(): number {
    return this.queue.length;
  }

  /** The generateContent requests only (not countTokens). */
  get generateRequests(): GeminiRequest[] {
    return this.requests.filter(r => r.method !== 'countTokens');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const send = (r: Reply): void => {
      const text = JSON.stringify(r.body);
      res.writeHead(r.status, {
        'content-type': 'application/json; charset=UTF-8',
        'content-length': String(Buffer.byteLength(text))
      });
      res.end(text);
    };
    const m =
      /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/.exec(
        u.pathname
      );
    if (req.method !== 'POST' || !m) {
      send({
        status: 404,
        body: errorBody(404, 'NOT_FOUND', `Method not found: ${req.method} ${u.pathname}`)
      });
      return;
    }
    const [, apiVersion, model, method] = m as unknown as [string, string, string, GeminiRequest['method']];
    let body: GenerateContentBody = {};
    try {
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as GenerateContentBody) : {};
    } catch {
      send({ status: 400, body: errorBody(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.') });
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])
    );
    const rec: GeminiRequest = {
      model,
      method,
      apiVersion,
      body,
      promptText: textOf(body),
      headers,
      status: 0,
      sampling: SAMPLING.filter(k => body.generationConfig?.[k] !== undefined)
    };
    this.requests.push(rec);

    const key = headers['x-goog-api-key'] ?? u.searchParams.get('key') ?? '';
    if (!key) {
      rec.status = 403;
      send({
        status: 403,
        body: errorBody(
          403,
          'PERMISSION_DENIED',
          "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
        )
      });
      return;
    }
    if (key !== this.apiKey) {
      rec.status = 400;
      send({ status: 400, body: invalidKeyBody() });
      return;
    }
    const known =
      !this.retired.includes(model) &&
      (this.models ? this.models.includes(model) : model.startsWith('gemini-'));
    if (!known) {
      rec.status = 404;
      send({ status: 404, body: modelNotFoundBody(model, apiVersion, method) });
      return;
    }
    const thinking = body.generationConfig?.thinkingConfig as Record<string, unknown> | undefined;
    if (thinking?.thinkingLevel !== undefined && /^gemini-2\./.test(model)) {
      // Gemini 2.5 takes thinkingBudget only.
      rec.status = 400;
      send({
        status: 400,
        body: errorBody(400, 'INVALID_ARGUMENT', 'Thinking level is not supported for this model.')
      });
      return;
    }
    const unknown = unknownSchemaField(body.generationConfig?.responseSchema);
    if (unknown) {
      const description = `Invalid JSON payload received. Unknown name "${unknown.name}" at '${unknown.at}': Cannot find field.`;
      rec.status = 400;
      send({
        status: 400,
        body: errorBody(400, 'INVALID_ARGUMENT', description, [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [{ field: unknown.at, description }]
          }
        ])
      });
      return;
    }
    if (method === 'countTokens') {
      rec.status = 200;
      const inner = (body.generateContentRequest as GenerateContentBody | undefined) ?? body;
      send({
        status: 200,
        body: {
          totalTokens: estimateTokens(textOf(inner)),
          promptTokensDetails: [{ modality: 'TEXT', tokenCount: estimateTokens(textOf(inner)) }]
        }
      });
      return;
    }

    const scripted: GeminiAnswer | undefined = this.queue.shift() ?? this.fallback?.(rec);
    let answer: GeminiAnswer = scripted ?? {
      status: 500,
      body: errorBody(
        500,
        'INTERNAL',
        `Gemini emulator: no scripted answer left for request #${this.requests.length} (model ${model})`
      )
    };
    while ('delayMs' in answer) {
      const { delayMs, then }: { delayMs: number; then: GeminiAnswer } = answer;
      await new Promise(r => setTimeout(r, delayMs));
      answer = then;
    }
    if ('hang' in answer) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if ('oversized' in answer) {
      rec.status = 200;
      this.streamOversized(res, answer.oversized, answer.declareLength === true);
      return;
    }
    if ('json' in answer) {
      const mismatch = checkStructuredOutput(body, answer.json);
      if (mismatch.length) {
        this.schemaMismatches.push(...mismatch);
        if (this.strictSchema) {
          answer = {
            status: 500,
            body: errorBody(
              500,
              'INTERNAL',
              `Gemini emulator: the scripted json answer does not fit the request's responseSchema: ${mismatch.slice(0, 5).join('; ')}`
            )
          };
        }
      }
    }
    const reply = this.reply(answer, model, rec.promptText);
    rec.status = reply.status;
    if (method === 'streamGenerateContent' && reply.status === 200) {
      // alt=sse: one event carrying the whole response.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify(reply.body)}\r\n\r\n`);
      return;
    }
    send(reply);
  }

  /** Writes a generateContent body of `bytes` bytes, a chunk at a time, stopping if the client goes. */
  private streamOversized(res: ServerResponse, bytes: number, declareLength: boolean): void {
    const head = '{"candidates":[{"content":{"role":"model","parts":[{"text":"';
    const tail = '"}]},"finishReason":"STOP","index":0}]}';
    const fill = Math.max(0, bytes - head.length - tail.length);
    res.writeHead(200, {
      'content-type': 'application/json; charset=UTF-8',
      ...(declareLength ? { 'content-length': String(head.length + fill + tail.length) } : {})
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = fill;
    let closed = false;
    res.on('close', () => {
      closed = true;
      this.hanging.delete(res);
    });
    this.hanging.add(res);
    res.write(head);
    const pump = (): void => {
      while (!closed && left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      if (!closed) res.end(tail);
    };
    pump();
  }

  private reply(
    answer: Exclude<
      GeminiAnswer,
      | { hang: true }
      | { delayMs: number; then: GeminiAnswer }
      | { oversized: number; declareLength?: boolean }
    >,
    model: string,
    prompt: string
  ): Reply {
    if ('status' in answer) {
      if ('body' in answer) return { status: answer.status, body: answer.body };
      if (answer.status === 429)
        return {
          status: 429,
          body: quotaExceededBody(
            model,
            answer.retryDelaySeconds ?? 7,
            'perDay' in answer && answer.perDay === true
          )
        };
      if (answer.status === 503)
        return {
          status: 503,
          body: errorBody(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.')
        };
      return {
        status: 500,
        body: errorBody(
          500,
          'INTERNAL',
          'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'
        )
      };
    }
    const responseId = randomBytes(12).toString('base64url');
    const promptTokens = estimateTokens(prompt);
    if ('blocked' in answer) {
      return {
        status: 200,
        body: {
          promptFeedback: { blockReason: answer.blocked },
          usageMetadata: {
            promptTokenCount: promptTokens,
            totalTokenCount: promptTokens,
            promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokens }]
          },
          modelVersion: model,
          responseId
        }
      };
    }
    let text: string;
    let finishReason = 'STOP';
    if ('json' in answer) text = JSON.stringify(answer.json);
    else if ('truncated' in answer) {
      text = answer.truncated;
      finishReason = 'MAX_TOKENS';
    } else {
      text = answer.text;
      finishReason = answer.finishReason ?? 'STOP';
    }
    const usage = answer.usage ?? {};
    const p = usage.promptTokenCount ?? promptTokens;
    const c = usage.candidatesTokenCount ?? estimateTokens(text);
    const t = usage.thoughtsTokenCount;
    return {
      status: 200,
      body: {
        candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason, index: 0 }],
        usageMetadata: {
          promptTokenCount: p,
          candidatesTokenCount: c,
          totalTokenCount: p + c + (t ?? 0),
          promptTokensDetails: [{ modality: 'TEXT', tokenCount: p }],
          ...(t !== undefined ? { thoughtsTokenCount: t } : {})
        },
        modelVersion: model,
        responseId
      }
    };
  }
}
