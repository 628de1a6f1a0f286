import { ApiError, GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import type { ModelUsage } from '../types.js';
import { addUsage, emptyUsage, estimateCost } from './cost.js';
import { estimateTokens } from './budget.js';
import { CURRENT_GEMINI_MODEL, modelProfile, retiredOn } from './catalog.js';
import { ModelError, type Model, type ModelRequest, type ModelResponse } from './port.js';
import { stripFences } from './schemas.js';

/** Options of the Gemini adapter. */
export interface GeminiOptions {
  apiKey: string;
  model: string;
  /** Endpoint override (`GOOGLE_GEMINI_BASE_URL`), e.g. the loopback emulator in tests. */
  baseUrl?: string;
  /** Per-request timeout; default 120 s. */
  timeoutMs?: number;
  log?: (m: string) => void;
  /** Refuse calls once the estimated spend would exceed this (ModelError 'budget'). */
  maxCostUsd?: number;
  /** Tries per call for 429/503/timeouts; default 3. */
  maxTries?: number;
  /** Cap on any single wait between tries (RetryInfo may ask for more); default 30 s. */
  maxRetryDelayMs?: number;
  /** Expected output tokens per call, for the budget check before a call; default 2048. */
  expectedOutputTokens?: number;
  /** Waits between tries (tests pass a fake clock). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Cap on the output tokens the model may generate per call (thinking included); default 32 768,
   * never above the model's own limit (65 536 for 2.5 and 3.x).
   */
  maxOutputTokens?: number;
  /**
   * Problems the user must act on, said once per run: 'error' for a rejected key or a retired model
   * (the model is not used again this run), 'warning' for a spent daily quota or a model that is
   * being shut down. The action makes them annotations; the CLI writes them to stderr.
   */
  report?: (level: 'error' | 'warning', message: string) => void;
  /** Where the model name was set, for the message that says how to change it. */
  modelSetting?: string;
  /** Cap on the bytes of one HTTP answer read into memory; default 4 MiB. A larger one is ignored. */
  maxAnswerBytes?: number;
}

/** Default cap on one answer's size: far above any real patch, far below what hurts memory. */
export const DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_OUTPUT_TOKENS = 32_768;

/** An answer body past the byte cap (thrown by the bounded fetch, turned into a ModelError). */
class AnswerTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`model answer larger than ${limit} bytes; ignored`);
    this.name = 'AnswerTooLarge';
  }
}

/**
 * `fetch` that never holds more than `limit` bytes of an answer: a declared content-length above it
 * is refused before the body is read, and a streamed body errors (and is cancelled, so the socket is
 * freed) as soon as it passes the limit. The SDK reads the whole body with `response.json()`, so
 * without this a 400 MB answer would sit in memory several times over.
 */
export function boundedFetch(
  limit: number,
  inner: typeof fetch = (input, init) => fetch(input, init)
): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      await res.body?.cancel().catch(() => undefined);
      throw new AnswerTooLarge(limit);
    }
    if (!res.body) return res;
    const reader = res.body.getReader();
    let seen = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl): Promise<void> {
        const { done, value } = await reader.read();
        if (done) {
          ctrl.close();
          return;
        }
        seen += value.byteLength;
        if (seen > limit) {
          await reader.cancel().catch(() => undefined);
          ctrl.error(new AnswerTooLarge(limit));
          return;
        }
        ctrl.enqueue(value);
      },
      cancel(reason): Promise<void> {
        return reader.cancel(reason);
      }
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** The AnswerTooLarge in an error or its causes (the SDK or undici may wrap it). */
function tooLarge(err: unknown): AnswerTooLarge | undefined {
  for (let e = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof AnswerTooLarge) return e;
  }
  return undefined;
}

/** The Gemini model, which also reports its token use and estimated cost. */
export interface GeminiModel extends Model {
  usage(): ModelUsage;
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** Reads `retryDelay` ("17s", "1.5s") from a google.rpc.RetryInfo detail in an error body. */
export function retryDelayMs(errorText: string): number | undefined {
  const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(errorText);
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

/** The `error` object of a Google API error body (the SDK puts the body's JSON in the message). */
interface GoogleError {
  code?: number;
  status?: string;
  message?: string;
  details?: { '@type'?: string; reason?: string; violations?: { quotaId?: string }[] }[];
}

export function googleError(text: string): GoogleError {
  try {
    const body = JSON.parse(text) as { error?: GoogleError };
    return body.error && typeof body.error === 'object' ? body.error : {};
  } catch {
    return {};
  }
}

/** The quotaId of a daily quota in a 429's QuotaFailure details (e.g. `GenerateRequestsPerDayPerProjectPerModel-FreeTier`). */
export function dailyQuotaId(e: GoogleError): string | undefined {
  for (const d of e.details ?? []) {
    if (!d['@type']?.endsWith('google.rpc.QuotaFailure')) continue;
    const v = (d.violations ?? []).find(x => /PerDay/.test(x.quotaId ?? ''));
    if (v) return v.quotaId;
  }
  return undefined;
}

/** A rejected key: 400 with ErrorInfo API_KEY_INVALID ("API key not valid", "API key expired"), 401, or 403. */
export function isAuthError(status: number, e: GoogleError): boolean {
  if (status === 401 || status === 403) return true;
  if (status !== 400) return false;
  return (
    (e.details ?? []).some(d => d.reason === 'API_KEY_INVALID') ||
    /API key (not valid|expired)/i.test(e.message ?? '')
  );
}

/** A model id the API does not serve: 404 "models/x is not found for API version v1beta, or is not supported for generateContent". */
export function isRetiredModel(status: number, e: GoogleError): boolean {
  return status === 404 && /models\/\S+ is not found/.test(e.message ?? '');
}

function isTimeout(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'AbortError' || err.name === 'TimeoutError' || /timed? ?out|aborted/i.test(err.message);
}

/**
 * The Gemini adapter of the Model port, on `@google/genai`. It configures each request for the
 * model's family (catalog.ts), retries 429 (honouring RetryInfo, capped), 5xx and timeouts with
 * bounded backoff, stops at once on a rejected key, a retired model or a spent daily quota (and
 * reports it), turns truncated or non-JSON answers into ModelError('bad-answer'), counts tokens and
 * cost, and never prints the key.
 */
export function createGeminiModel(opts: GeminiOptions): GeminiModel {
  const maxAnswerBytes = opts.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  const ai = new GoogleGenAI({
    apiKey: opts.apiKey,
    httpOptions: {
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
      timeout: opts.timeoutMs ?? 120_000,
      // Our own fetch (which also spares the SDK undici's global dispatcher, missing inside jest's VM).
      fetch: boundedFetch(maxAnswerBytes)
    }
  });
  const log = opts.log ?? ((): void => undefined);
  const maxTries = Math.max(1, opts.maxTries ?? 3);
  const maxDelay = opts.maxRetryDelayMs ?? 30_000;
  const sleep = opts.sleep ?? ((ms: number): Promise<void> => new Promise(r => setTimeout(r, ms)));
  const usage = emptyUsage();
  const scrub = (s: string): string => (opts.apiKey ? s.split(opts.apiKey).join('***') : s);
  const report = opts.report ?? ((): void => undefined);
  const setting = opts.modelSetting ?? 'the gemini-model input';
  const profile = modelProfile(opts.model);
  const maxOutputTokens = Math.min(
    opts.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    profile.maxOutputTokens
  );
  /** Set by a rejected key, a retired model or a spent daily quota: later calls fail the same way at once. */
  let fatal: ModelError | undefined;

  const shutdown = retiredOn(opts.model);
  if (shutdown && opts.model !== CURRENT_GEMINI_MODEL) {
    const when =
      shutdown > new Date().toISOString().slice(0, 10) ? 'is deprecated and shuts down' : 'was retired';
    report(
      'warning',
      `Gemini model ${opts.model} ${when} on ${shutdown}: set ${setting} to ${CURRENT_GEMINI_MODEL}, the current model.`
    );
  }

  const callOnce = async (req: ModelRequest): Promise<GenerateContentResponse> =>
    ai.models.generateContent({
      model: opts.model,
      contents: [{ role: 'user', parts: [{ text: req.prompt }] }],
      config: {
        systemInstruction: req.system,
        responseMimeType: 'application/json',
        responseSchema: req.schema,
        // Gemini 3.x deprecates temperature/topP/topK: they are sent to 2.x models only.
        ...(profile.sampling ? { temperature: 0 } : {}),
        ...(profile.thinking ? { thinkingConfig: profile.thinking as Record<string, unknown> } : {}),
        maxOutputTokens
      }
    });

  /** The ModelError for an API error that no retry can cure, or undefined. Reported once per run. */
  const fatalError = (schemaName: string, status: number, text: string): ModelError | undefined => {
    const e = googleError(text);
    const said = scrub(e.message ?? text).slice(0, 300);
    let err: ModelError | undefined;
    if (isAuthError(status, e)) {
      err = new ModelError(
        `Gemini rejected the API key (HTTP ${status}: ${said}). Check the gemini-api-key input or the GEMINI_API_KEY secret; until then the model is not used.`,
        'auth'
      );
    } else if (isRetiredModel(status, e)) {
      err = new ModelError(
        `Gemini model ${opts.model} is not available (HTTP 404: ${said}); it is retired or unknown. Set ${setting} to ${CURRENT_GEMINI_MODEL}, the current model.`,
        'retired'
      );
    } else if (status === 429 && dailyQuotaId(e)) {
      err = new ModelError(
        `Gemini daily quota exhausted (${dailyQuotaId(e)}, HTTP 429): not retried; it resets at midnight Pacific time, or raise the project's tier.`,
        'quota-daily'
      );
    }
    if (!err) return undefined;
    log(`Gemini ${schemaName}: ${err.message}`);
    if (!fatal) report(err.kind === 'quota-daily' ? 'warning' : 'error', err.message);
    fatal = err;
    return err;
  };

  const generate = async (req: ModelRequest): Promise<ModelResponse> => {
    if (opts.maxCostUsd !== undefined) {
      const next = estimateCost(
        opts.model,
        estimateTokens(req.system + req.prompt),
        opts.expectedOutputTokens ?? 2048
      );
      if (usage.estimatedCostUsd + next > opts.maxCostUsd) {
        throw new ModelError(
          `budget: spent ~$${usage.estimatedCostUsd.toFixed(4)}, next call ~$${next.toFixed(4)}, limit $${opts.maxCostUsd}`,
          'budget'
        );
      }
    }
    if (fatal) throw new ModelError(fatal.message, fatal.kind);
    let lastErr: ModelError | undefined;
    for (let attempt = 1; attempt <= maxTries; attempt++) {
      let res: GenerateContentResponse;
      try {
        res = await callOnce(req);
      } catch (err) {
        const big = tooLarge(err);
        if (big) {
          // Not retried: the same request would get the same answer. The loop goes on without it.
          log(`Gemini ${req.schemaName}: ${big.message}`);
          throw new ModelError(`Gemini ${req.schemaName}: ${big.message}`, 'bad-answer');
        }
        const backoff = Math.min(maxDelay, 1000 * 2 ** (attempt - 1));
        if (err instanceof ApiError) {
          const stop = fatalError(req.schemaName, err.status, err.message);
          if (stop) throw stop;
          const kind = err.status === 429 ? 'rate-limit' : err.status === 408 ? 'timeout' : 'unavailable';
          lastErr = new ModelError(
            `Gemini ${req.schemaName}: HTTP ${err.status}: ${scrub(err.message).slice(0, 300)}`,
            kind
          );
          if (!RETRYABLE.has(err.status)) throw new ModelError(lastErr.message, 'other');
          const wait =
            err.status === 429 ? Math.min(maxDelay, retryDelayMs(err.message) ?? backoff) : backoff;
          log(
            `Gemini ${req.schemaName}: HTTP ${err.status} (try ${attempt}/${maxTries})${attempt < maxTries ? `, retrying in ${wait} ms` : ''}`
          );
          if (attempt < maxTries) await sleep(wait);
          continue;
        }
        if (isTimeout(err)) {
          lastErr = new ModelError(`Gemini ${req.schemaName}: timed out`, 'timeout');
          log(`Gemini ${req.schemaName}: timeout (try ${attempt}/${maxTries})`);
          if (attempt < maxTries) await sleep(backoff);
          continue;
        }
        const msg = err instanceof Error ? err.message : String(err);
        throw new ModelError(`Gemini ${req.schemaName}: ${scrub(msg).slice(0, 300)}`, 'other');
      }
      return answerOf(req, res);
    }
    throw lastErr ?? new ModelError(`Gemini ${req.schemaName}: no answer`, 'other');
  };

  const answerOf = (req: ModelRequest, res: GenerateContentResponse): ModelResponse => {
    const meta = res.usageMetadata;
    const promptTokens = meta?.promptTokenCount ?? estimateTokens(req.system + req.prompt);
    // Thinking tokens are billed as output.
    const outputTokens = (meta?.candidatesTokenCount ?? 0) + (meta?.thoughtsTokenCount ?? 0);
    addUsage(usage, opts.model, promptTokens, outputTokens);
    const candidate = res.candidates?.[0];
    const finish = candidate?.finishReason;
    let text: string | undefined;
    try {
      text = res.text;
    } catch {
      text = undefined;
    }
    if (finish === 'MAX_TOKENS')
      throw new ModelError(`Gemini ${req.schemaName}: answer truncated (MAX_TOKENS)`, 'bad-answer');
    if (!text || text.trim() === '') {
      throw new ModelError(
        `Gemini ${req.schemaName}: empty answer (finishReason ${finish ?? 'none'})`,
        'bad-answer'
      );
    }
    try {
      JSON.parse(stripFences(text));
    } catch {
      throw new ModelError(
        `Gemini ${req.schemaName}: answer is not JSON: ${text.slice(0, 120)}`,
        'bad-answer'
      );
    }
    log(`Gemini ${req.schemaName}: ${promptTokens} in / ${outputTokens} out tokens`);
    return { text, promptTokens, outputTokens };
  };

  return { name: opts.model, generate, usage: () => ({ ...usage }) };
}
