export const id = 58;
export const ids = [58];
export const modules = {

/***/ 17058:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createGeminiModel: () => (/* binding */ createGeminiModel)
});

// UNUSED EXPORTS: DEFAULT_MAX_ANSWER_BYTES, boundedFetch, dailyQuotaId, googleError, isAuthError, isRetiredModel, retryDelayMs

// EXTERNAL MODULE: ./node_modules/@google/genai/dist/node/index.mjs + 1 modules
var node = __webpack_require__(67964);
// EXTERNAL MODULE: ./src/model/cost.ts
var cost = __webpack_require__(91100);
// EXTERNAL MODULE: ./src/model/budget.ts
var budget = __webpack_require__(21368);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
;// CONCATENATED MODULE: ./src/model/catalog.ts
/**
 * What Nightwatch knows about Gemini model ids: the current GA Flash model, the ids Google has shut
 * down, and how each family is configured (sampling, thinking, output limit).
 *
 * Source: Google's Gemini API changelog, models, thinking and deprecations pages, read 2026-11-29.
 * - gemini-3.8-flash: GA since 2026-09-02, the current Flash model; thinking levels LOW, MEDIUM, HIGH
 *   (default MEDIUM; MINIMAL is refused); 1,048,576 input and 65,536 output tokens.
 * - 2026-07-21: the sampling parameters temperature, top_p and top_k are deprecated for the 3.x
 *   models; Google asks to leave them unset (the 3.x models are tuned for their defaults).
 * - Gemini 2.5 takes `thinkingBudget` (tokens) and refuses `thinkingLevel`; 3.x takes `thinkingLevel`;
 *   a request with both is a 400.
 * - Shut down (404 NOT_FOUND): gemini-2.0-flash(-001), gemini-2.0-flash-lite(-001) on 2026-06-01,
 *   gemini-3-pro-preview on 2026-03-09, gemini-3.1-flash-lite-preview on 2026-05-25,
 *   gemini-2.5-flash-preview-09-2025 on 2026-02-17. gemini-2.5-flash and gemini-2.5-pro are
 *   deprecated and shut down on 2026-12-01. gemini-3.5-flash and gemini-3.7-flash were retired on
 *   2026-10-08 (their requests are routed to gemini-3.6-flash and gemini-3.8-flash for now).
 */

/** The model to use today (the `gemini-model` input's default). */
const CURRENT_GEMINI_MODEL = constants/* DEFAULT_GEMINI_MODEL */._H;
/** Ids Google has shut down or announced as retired, with the date. */
const RETIRED_MODELS = {
    'gemini-2.0-flash': '2026-06-01',
    'gemini-2.0-flash-001': '2026-06-01',
    'gemini-2.0-flash-lite': '2026-06-01',
    'gemini-2.0-flash-lite-001': '2026-06-01',
    'gemini-3-pro-preview': '2026-03-09',
    'gemini-3.1-flash-lite-preview': '2026-05-25',
    'gemini-2.5-flash-preview-09-2025': '2026-02-17',
    'gemini-2.5-flash': '2026-12-01',
    'gemini-2.5-pro': '2026-12-01',
    'gemini-3.5-flash': '2026-10-08',
    'gemini-3.7-flash': '2026-10-08'
};
/** The output limit of every current text model (2.5 and 3.x). */
const MODEL_MAX_OUTPUT = 65_536;
/** The version of a `gemini-X.Y-…` id (`models/` prefix allowed), or undefined for aliases. */
function modelVersion(model) {
    const m = /^(?:models\/)?gemini-(\d+)(?:\.(\d+))?-/.exec(model);
    return m ? { major: Number(m[1]), minor: Number(m[2] ?? 0) } : undefined;
}
/**
 * The request configuration of a model:
 * - 2.x: `temperature: 0` and a thinking budget of 8192 tokens (inside every 2.5 model's range).
 * - 3.x and later: no sampling parameters; thinking level MEDIUM (the Flash default, accepted by
 *   Flash, Flash-Lite and Pro; a diagnosis or a small patch does not need HIGH).
 * - An alias (`gemini-flash-latest`) or any other id: neither, so the API's defaults apply and no
 *   parameter the model refuses is sent.
 */
function modelProfile(model) {
    const v = modelVersion(model);
    if (v && v.major <= 2)
        return { sampling: true, thinking: { thinkingBudget: 8192 }, maxOutputTokens: MODEL_MAX_OUTPUT };
    if (v && v.major >= 3)
        return { sampling: false, thinking: { thinkingLevel: 'MEDIUM' }, maxOutputTokens: MODEL_MAX_OUTPUT };
    return { sampling: false, maxOutputTokens: MODEL_MAX_OUTPUT };
}
/** The shutdown date of a retired or retiring model, if known. */
function retiredOn(model) {
    return RETIRED_MODELS[model.replace(/^models\//, '')];
}

// EXTERNAL MODULE: ./src/model/port.ts
var port = __webpack_require__(89666);
// EXTERNAL MODULE: ./src/model/schemas.ts
var schemas = __webpack_require__(35001);
;// CONCATENATED MODULE: ./src/model/gemini.ts






/** Default cap on one answer's size: far above any real patch, far below what hurts memory. */
const DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_OUTPUT_TOKENS = 32_768;
/** An answer body past the byte cap (thrown by the bounded fetch, turned into a ModelError). */
class AnswerTooLarge extends Error {
    limit;
    constructor(limit) {
        super(`model answer larger than ${limit} bytes; ignored`);
        this.limit = limit;
        this.name = 'AnswerTooLarge';
    }
}
/**
 * `fetch` that never holds more than `limit` bytes of an answer: a declared content-length above it
 * is refused before the body is read, and a streamed body errors (and is cancelled, so the socket is
 * freed) as soon as it passes the limit. The SDK reads the whole body with `response.json()`, so
 * without this a 400 MB answer would sit in memory several times over.
 */
function boundedFetch(limit, inner = (input, init) => fetch(input, init)) {
    return async (input, init) => {
        const res = await inner(input, init);
        const declared = Number(res.headers.get('content-length') ?? NaN);
        if (Number.isFinite(declared) && declared > limit) {
            await res.body?.cancel().catch(() => undefined);
            throw new AnswerTooLarge(limit);
        }
        if (!res.body)
            return res;
        const reader = res.body.getReader();
        let seen = 0;
        const body = new ReadableStream({
            async pull(ctrl) {
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
            cancel(reason) {
                return reader.cancel(reason);
            }
        });
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    };
}
/** The AnswerTooLarge in an error or its causes (the SDK or undici may wrap it). */
function tooLarge(err) {
    for (let e = err, i = 0; e && i < 5; e = e.cause, i++) {
        if (e instanceof AnswerTooLarge)
            return e;
    }
    return undefined;
}
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);
/** Reads `retryDelay` ("17s", "1.5s") from a google.rpc.RetryInfo detail in an error body. */
function retryDelayMs(errorText) {
    const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(errorText);
    return m ? Math.round(Number(m[1]) * 1000) : undefined;
}
function googleError(text) {
    try {
        const body = JSON.parse(text);
        return body.error && typeof body.error === 'object' ? body.error : {};
    }
    catch {
        return {};
    }
}
/** The quotaId of a daily quota in a 429's QuotaFailure details (e.g. `GenerateRequestsPerDayPerProjectPerModel-FreeTier`). */
function dailyQuotaId(e) {
    for (const d of e.details ?? []) {
        if (!d['@type']?.endsWith('google.rpc.QuotaFailure'))
            continue;
        const v = (d.violations ?? []).find(x => /PerDay/.test(x.quotaId ?? ''));
        if (v)
            return v.quotaId;
    }
    return undefined;
}
/** A rejected key: 400 with ErrorInfo API_KEY_INVALID ("API key not valid", "API key expired"), 401, or 403. */
function isAuthError(status, e) {
    if (status === 401 || status === 403)
        return true;
    if (status !== 400)
        return false;
    return ((e.details ?? []).some(d => d.reason === 'API_KEY_INVALID') ||
        /API key (not valid|expired)/i.test(e.message ?? ''));
}
/** A model id the API does not serve: 404 "models/x is not found for API version v1beta, or is not supported for generateContent". */
function isRetiredModel(status, e) {
    return status === 404 && /models\/\S+ is not found/.test(e.message ?? '');
}
function isTimeout(err) {
    if (!(err instanceof Error))
        return false;
    return err.name === 'AbortError' || err.name === 'TimeoutError' || /timed? ?out|aborted/i.test(err.message);
}
/**
 * The Gemini adapter of the Model port, on `@google/genai`. It configures each request for the
 * model's family (catalog.ts), retries 429 (honouring RetryInfo, capped), 5xx and timeouts with
 * bounded backoff, stops at once on a rejected key, a retired model or a spent daily quota (and
 * reports it), turns truncated or non-JSON answers into ModelError('bad-answer'), counts tokens and
 * cost, and never prints the key.
 */
function createGeminiModel(opts) {
    const maxAnswerBytes = opts.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    const ai = new node/* GoogleGenAI */.M4({
        apiKey: opts.apiKey,
        httpOptions: {
            ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
            timeout: opts.timeoutMs ?? 120_000,
            // Our own fetch (which also spares the SDK undici's global dispatcher, missing inside jest's VM).
            fetch: boundedFetch(maxAnswerBytes)
        }
    });
    const log = opts.log ?? (() => undefined);
    const maxTries = Math.max(1, opts.maxTries ?? 3);
    const maxDelay = opts.maxRetryDelayMs ?? 30_000;
    const sleep = opts.sleep ?? ((ms) => new Promise(r => setTimeout(r, ms)));
    const usage = (0,cost/* emptyUsage */.ly)();
    const scrub = (s) => (opts.apiKey ? s.split(opts.apiKey).join('***') : s);
    const report = opts.report ?? (() => undefined);
    const setting = opts.modelSetting ?? 'the gemini-model input';
    const profile = modelProfile(opts.model);
    const maxOutputTokens = Math.min(opts.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS, profile.maxOutputTokens);
    /** Set by a rejected key, a retired model or a spent daily quota: later calls fail the same way at once. */
    let fatal;
    const shutdown = retiredOn(opts.model);
    if (shutdown && opts.model !== CURRENT_GEMINI_MODEL) {
        const when = shutdown > new Date().toISOString().slice(0, 10) ? 'is deprecated and shuts down' : 'was retired';
        report('warning', `Gemini model ${opts.model} ${when} on ${shutdown}: set ${setting} to ${CURRENT_GEMINI_MODEL}, the current model.`);
    }
    const callOnce = async (req) => ai.models.generateContent({
        model: opts.model,
        contents: [{ role: 'user', parts: [{ text: req.prompt }] }],
        config: {
            systemInstruction: req.system,
            responseMimeType: 'application/json',
            responseSchema: req.schema,
            // Gemini 3.x deprecates temperature/topP/topK: they are sent to 2.x models only.
            ...(profile.sampling ? { temperature: 0 } : {}),
            ...(profile.thinking ? { thinkingConfig: profile.thinking } : {}),
            maxOutputTokens
        }
    });
    /** The ModelError for an API error that no retry can cure, or undefined. Reported once per run. */
    const fatalError = (schemaName, status, text) => {
        const e = googleError(text);
        const said = scrub(e.message ?? text).slice(0, 300);
        let err;
        if (isAuthError(status, e)) {
            err = new port/* ModelError */.m(`Gemini rejected the API key (HTTP ${status}: ${said}). Check the gemini-api-key input or the GEMINI_API_KEY secret; until then the model is not used.`, 'auth');
        }
        else if (isRetiredModel(status, e)) {
            err = new port/* ModelError */.m(`Gemini model ${opts.model} is not available (HTTP 404: ${said}); it is retired or unknown. Set ${setting} to ${CURRENT_GEMINI_MODEL}, the current model.`, 'retired');
        }
        else if (status === 429 && dailyQuotaId(e)) {
            err = new port/* ModelError */.m(`Gemini daily quota exhausted (${dailyQuotaId(e)}, HTTP 429): not retried; it resets at midnight Pacific time, or raise the project's tier.`, 'quota-daily');
        }
        if (!err)
            return undefined;
        log(`Gemini ${schemaName}: ${err.message}`);
        if (!fatal)
            report(err.kind === 'quota-daily' ? 'warning' : 'error', err.message);
        fatal = err;
        return err;
    };
    const generate = async (req) => {
        if (opts.maxCostUsd !== undefined) {
            const next = (0,cost/* estimateCost */.a3)(opts.model, (0,budget/* estimateTokens */.b)(req.system + req.prompt), opts.expectedOutputTokens ?? 2048);
            if (usage.estimatedCostUsd + next > opts.maxCostUsd) {
                throw new port/* ModelError */.m(`budget: spent ~$${usage.estimatedCostUsd.toFixed(4)}, next call ~$${next.toFixed(4)}, limit $${opts.maxCostUsd}`, 'budget');
            }
        }
        if (fatal)
            throw new port/* ModelError */.m(fatal.message, fatal.kind);
        let lastErr;
        for (let attempt = 1; attempt <= maxTries; attempt++) {
            let res;
            try {
                res = await callOnce(req);
            }
            catch (err) {
                const big = tooLarge(err);
                if (big) {
                    // Not retried: the same request would get the same answer. The loop goes on without it.
                    log(`Gemini ${req.schemaName}: ${big.message}`);
                    throw new port/* ModelError */.m(`Gemini ${req.schemaName}: ${big.message}`, 'bad-answer');
                }
                const backoff = Math.min(maxDelay, 1000 * 2 ** (attempt - 1));
                if (err instanceof node/* ApiError */.hD) {
                    const stop = fatalError(req.schemaName, err.status, err.message);
                    if (stop)
                        throw stop;
                    const kind = err.status === 429 ? 'rate-limit' : err.status === 408 ? 'timeout' : 'unavailable';
                    lastErr = new port/* ModelError */.m(`Gemini ${req.schemaName}: HTTP ${err.status}: ${scrub(err.message).slice(0, 300)}`, kind);
                    if (!RETRYABLE.has(err.status))
                        throw new port/* ModelError */.m(lastErr.message, 'other');
                    const wait = err.status === 429 ? Math.min(maxDelay, retryDelayMs(err.message) ?? backoff) : backoff;
                    log(`Gemini ${req.schemaName}: HTTP ${err.status} (try ${attempt}/${maxTries})${attempt < maxTries ? `, retrying in ${wait} ms` : ''}`);
                    if (attempt < maxTries)
                        await sleep(wait);
                    continue;
                }
                if (isTimeout(err)) {
                    lastErr = new port/* ModelError */.m(`Gemini ${req.schemaName}: timed out`, 'timeout');
                    log(`Gemini ${req.schemaName}: timeout (try ${attempt}/${maxTries})`);
                    if (attempt < maxTries)
                        await sleep(backoff);
                    continue;
                }
                const msg = err instanceof Error ? err.message : String(err);
                throw new port/* ModelError */.m(`Gemini ${req.schemaName}: ${scrub(msg).slice(0, 300)}`, 'other');
            }
            return answerOf(req, res);
        }
        throw lastErr ?? new port/* ModelError */.m(`Gemini ${req.schemaName}: no answer`, 'other');
    };
    const answerOf = (req, res) => {
        const meta = res.usageMetadata;
        const promptTokens = meta?.promptTokenCount ?? (0,budget/* estimateTokens */.b)(req.system + req.prompt);
        // Thinking tokens are billed as output.
        const outputTokens = (meta?.candidatesTokenCount ?? 0) + (meta?.thoughtsTokenCount ?? 0);
        (0,cost/* addUsage */.vk)(usage, opts.model, promptTokens, outputTokens);
        const candidate = res.candidates?.[0];
        const finish = candidate?.finishReason;
        let text;
        try {
            text = res.text;
        }
        catch {
            text = undefined;
        }
        if (finish === 'MAX_TOKENS')
            throw new port/* ModelError */.m(`Gemini ${req.schemaName}: answer truncated (MAX_TOKENS)`, 'bad-answer');
        if (!text || text.trim() === '') {
            throw new port/* ModelError */.m(`Gemini ${req.schemaName}: empty answer (finishReason ${finish ?? 'none'})`, 'bad-answer');
        }
        try {
            JSON.parse((0,schemas/* stripFences */.FZ)(text));
        }
        catch {
            throw new port/* ModelError */.m(`Gemini ${req.schemaName}: answer is not JSON: ${text.slice(0, 120)}`, 'bad-answer');
        }
        log(`Gemini ${req.schemaName}: ${promptTokens} in / ${outputTokens} out tokens`);
        return { text, promptTokens, outputTokens };
    };
    return { name: opts.model, generate, usage: () => ({ ...usage }) };
}


/***/ })

};
