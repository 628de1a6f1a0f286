export const id = 526;
export const ids = [526];
export const modules = {

/***/ 3526:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGeminiModel: () => (/* binding */ createGeminiModel)
/* harmony export */ });
/* unused harmony export retryDelayMs */
/* harmony import */ var _google_genai__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7964);
/* harmony import */ var _cost_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1100);
/* harmony import */ var _budget_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1368);
/* harmony import */ var _port_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9666);
/* harmony import */ var _schemas_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5001);





const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);
/** Reads `retryDelay` ("17s", "1.5s") from a google.rpc.RetryInfo detail in an error body. */
function retryDelayMs(errorText) {
    const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(errorText);
    return m ? Math.round(Number(m[1]) * 1000) : undefined;
}
/**
 * The SDK routes Node's fetch through undici's global dispatcher, found by a symbol on globalThis.
 * Inside a VM context (jest) that symbol is missing and every call fails with "Undici
 * globalDispatcher is not available"; passing fetch explicitly makes the SDK skip it.
 */
function undiciDispatcherReachable() {
    const key = Symbol.for('undici.globalDispatcher.1');
    const g = globalThis;
    if (!g[key] && typeof Headers !== 'undefined')
        new Headers();
    return typeof g[key]?.dispatch === 'function';
}
function isTimeout(err) {
    if (!(err instanceof Error))
        return false;
    return err.name === 'AbortError' || err.name === 'TimeoutError' || /timed? ?out|aborted/i.test(err.message);
}
/**
 * The Gemini adapter of the Model port, on `@google/genai`. It retries 429 (honouring RetryInfo,
 * capped), 5xx and timeouts with bounded backoff, turns truncated or non-JSON answers into
 * ModelError('bad-answer'), counts tokens and cost, and never prints the key.
 */
function createGeminiModel(opts) {
    const ai = new _google_genai__WEBPACK_IMPORTED_MODULE_0__/* .GoogleGenAI */ .M4({
        apiKey: opts.apiKey,
        httpOptions: {
            ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
            timeout: opts.timeoutMs ?? 120_000,
            ...(undiciDispatcherReachable() ? {} : { fetch: (input, init) => fetch(input, init) })
        }
    });
    const log = opts.log ?? (() => undefined);
    const maxTries = Math.max(1, opts.maxTries ?? 3);
    const maxDelay = opts.maxRetryDelayMs ?? 30_000;
    const sleep = opts.sleep ?? ((ms) => new Promise(r => setTimeout(r, ms)));
    const usage = (0,_cost_js__WEBPACK_IMPORTED_MODULE_1__/* .emptyUsage */ .ly)();
    const scrub = (s) => (opts.apiKey ? s.split(opts.apiKey).join('***') : s);
    const callOnce = async (req) => ai.models.generateContent({
        model: opts.model,
        contents: [{ role: 'user', parts: [{ text: req.prompt }] }],
        config: {
            systemInstruction: req.system,
            responseMimeType: 'application/json',
            responseSchema: req.schema,
            temperature: 0
        }
    });
    const generate = async (req) => {
        if (opts.maxCostUsd !== undefined) {
            const next = (0,_cost_js__WEBPACK_IMPORTED_MODULE_1__/* .estimateCost */ .a3)(opts.model, (0,_budget_js__WEBPACK_IMPORTED_MODULE_4__/* .estimateTokens */ .b)(req.system + req.prompt), opts.expectedOutputTokens ?? 2048);
            if (usage.estimatedCostUsd + next > opts.maxCostUsd) {
                throw new _port_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelError */ .m(`budget: spent ~$${usage.estimatedCostUsd.toFixed(4)}, next call ~$${next.toFixed(4)}, limit $${opts.maxCostUsd}`, 'budget');
            }
        }
        let lastErr;
        for (let attempt = 1; attempt <= maxTries; attempt++) {
            let res;
            try {
                res = await callOnce(req);
            }
            catch (err) {
                const backoff = Math.min(maxDelay, 1000 * 2 ** (attempt - 1));
                if (err instanceof _google_genai__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .hD) {
                    const kind = err.status === 429 ? 'rate-limit' : err.status === 408 ? 'timeout' : 'unavailable';
                    lastErr = new _port_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelError */ .m(`Gemini ${req.schemaName}: HTTP ${err.status}: ${scrub(err.message).slice(0, 300)}`, kind);
                    if (!RETRYABLE.has(err.status))
                        throw new _port_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelError */ .m(lastErr.message, 'other');
                    if (err.status === 429 && retryDelayMs(err.message) === undefined && /PerDay/.test(err.message)) {
                        // A daily quota comes without RetryInfo: waiting seconds does not help, so do not retry.
                        log(`Gemini ${req.schemaName}: daily quota exhausted; not retrying`);
                        throw new _port_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelError */ .m(`Gemini ${req.schemaName}: daily quota exhausted (HTTP 429)`, 'rate-limit');
                    }
                    const wait = err.status === 429 ? Math.min(maxDelay, retryDelayMs(err.message) ?? backoff) : backoff;
                    log(`Gemini ${req.schemaName}: HTTP ${err.status} (try ${attempt}/${maxTries})${attempt < maxTries ? `, retrying in ${wait} ms` : ''}`);
                    if (attempt < maxTries)
                        await sleep(wait);
                    continue;
                }
                if (isTimeout(err)) {
                    lastErr = new _port_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelError */ .m(`Gemini ${req.schemaName}: timed out`, 'timeout');
                    log(`Gemini ${req.schemaName}: timeout (try ${attempt}/${maxTries})`);
                    if (attempt < maxTries)
                        await sleep(backoff);
                    continue;
                }
                const msg = err instanceof Error ? err.message : String(err);
                throw new _port_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelError */ .m(`Gemini ${req.schemaName}: ${scrub(msg).slice(0, 300)}`, 'other');
            }
            return answerOf(req, res);
        }
        throw lastErr ?? new _port_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelError */ .m(`Gemini ${req.schemaName}: no answer`, 'other');
    };
    const answerOf = (req, res) => {
        const meta = res.usageMetadata;
        const promptTokens = meta?.promptTokenCount ?? (0,_budget_js__WEBPACK_IMPORTED_MODULE_4__/* .estimateTokens */ .b)(req.system + req.prompt);
        // Thinking tokens are billed as output.
        const outputTokens = (meta?.candidatesTokenCount ?? 0) + (meta?.thoughtsTokenCount ?? 0);
        (0,_cost_js__WEBPACK_IMPORTED_MODULE_1__/* .addUsage */ .vk)(usage, opts.model, promptTokens, outputTokens);
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
            throw new _port_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelError */ .m(`Gemini ${req.schemaName}: answer truncated (MAX_TOKENS)`, 'bad-answer');
        if (!text || text.trim() === '') {
            throw new _port_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelError */ .m(`Gemini ${req.schemaName}: empty answer (finishReason ${finish ?? 'none'})`, 'bad-answer');
        }
        try {
            JSON.parse((0,_schemas_js__WEBPACK_IMPORTED_MODULE_3__/* .stripFences */ .FZ)(text));
        }
        catch {
            throw new _port_js__WEBPACK_IMPORTED_MODULE_2__/* .ModelError */ .m(`Gemini ${req.schemaName}: answer is not JSON: ${text.slice(0, 120)}`, 'bad-answer');
        }
        log(`Gemini ${req.schemaName}: ${promptTokens} in / ${outputTokens} out tokens`);
        return { text, promptTokens, outputTokens };
    };
    return { name: opts.model, generate, usage: () => ({ ...usage }) };
}


/***/ })

};
