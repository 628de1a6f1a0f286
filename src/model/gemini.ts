import { ApiError, GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import type { ModelUsage } from '../types.js';
import { addUsage, emptyUsage, estimateCost } from './cost.js';
import { estimateTokens } from './budget.js';
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

/**
 * The SDK routes Node's fetch through undici's global dispatcher, found by a symbol on globalThis.
 * Inside a VM context (jest) that symbol is missing and every call fails with "Undici
 * globalDispatcher is not available"; passing fetch explicitly makes the SDK skip it.
 */
function undiciDispatcherReachable(): boolean {
  const key = Symbol.for('undici.globalDispatcher.1');
  const g = globalThis as unknown as Record<symbol, unknown>;
  if (!g[key] && typeof Headers !== 'undefined') new Headers();
  return typeof (g[key] as { dispatch?: unknown } | undefined)?.dispatch === 'function';
}

function isTimeout(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'AbortError' || err.name === 'TimeoutError' || /timed? ?out|aborted/i.test(err.message);
}

/**
 * The Gemini adapter of the Model port, on `@google/genai`. It retries 429 (honouring RetryInfo,
 * capped), 5xx and timeouts with bounded backoff, turns truncated or non-JSON answers into
 * ModelError('bad-answer'), counts tokens and cost, and never prints the key.
 */
export function createGeminiModel(opts: GeminiOptions): GeminiModel {
  const ai = new GoogleGenAI({
    apiKey: opts.apiKey,
    httpOptions: {
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
      timeout: opts.timeoutMs ?? 120_000,
      ...(undiciDispatcherReachable() ? {} : { fetch: (input, init) => fetch(input, init) })
    }
  });
  const log = opts.log ?? ((): void => undefined);
  const maxTries = Math.max(1, opts.maxTries ?? 3);
  const maxDelay = opts.maxRetryDelayMs ?? 30_000;
  const sleep = opts.sleep ?? ((ms: number): Promise<void> => new Promise(r => setTimeout(r, ms)));
  const usage = emptyUsage();
  const scrub = (s: string): string => (opts.apiKey ? s.split(opts.apiKey).join('***') : s);

  const callOnce = async (req: ModelRequest): Promise<GenerateContentResponse> =>
    ai.models.generateContent({
      model: opts.model,
      contents: [{ role: 'user', parts: [{ text: req.prompt }] }],
      config: {
        systemInstruction: req.system,
        responseMimeType: 'application/json',
        responseSchema: req.schema,
        temperature: 0
      }
    });

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
    let lastErr: ModelError | undefined;
    for (let attempt = 1; attempt <= maxTries; attempt++) {
      let res: GenerateContentResponse;
      try {
        res = await callOnce(req);
      } catch (err) {
        const backoff = Math.min(maxDelay, 1000 * 2 ** (attempt - 1));
        if (err instanceof ApiError) {
          const kind = err.status === 429 ? 'rate-limit' : err.status === 408 ? 'timeout' : 'unavailable';
          lastErr = new ModelError(
            `Gemini ${req.schemaName}: HTTP ${err.status}: ${scrub(err.message).slice(0, 300)}`,
            kind
          );
          if (!RETRYABLE.has(err.status)) throw new ModelError(lastErr.message, 'other');
          if (err.status === 429 && retryDelayMs(err.message) === undefined && /PerDay/.test(err.message)) {
            // A daily quota comes without RetryInfo: waiting seconds does not help, so do not retry.
            log(`Gemini ${req.schemaName}: daily quota exhausted; not retrying`);
            throw new ModelError(`Gemini ${req.schemaName}: daily quota exhausted (HTTP 429)`, 'rate-limit');
          }
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
