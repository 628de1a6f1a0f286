import { ApiError, GoogleGenAI, type HttpOptions } from '@google/genai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GeminiEmulator } from './gemini.js';
import { REPO_ROOT } from './harness.js';

const KEY = 'gm-test-key';

/**
 * Inside jest's vm sandbox the SDK cannot find undici's global dispatcher (a symbol on the outer
 * globalThis) and fails with "Undici globalDispatcher is not available"; handing it fetch skips
 * that path. The test that runs the SDK in a plain node process covers the dispatcher path.
 */
function http(o: HttpOptions = {}): HttpOptions {
  const reachable = Boolean((globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')]);
  return reachable
    ? o
    : { ...o, fetch: (input: Parameters<typeof fetch>[0], init?: RequestInit) => fetch(input, init) };
}

describe('GeminiEmulator', () => {
  let gemini: GeminiEmulator;
  let ai: GoogleGenAI;

  beforeEach(async () => {
    gemini = new GeminiEmulator({ apiKey: KEY });
    await gemini.start();
    ai = new GoogleGenAI({ apiKey: KEY, httpOptions: http({ baseUrl: gemini.url }) });
  });

  afterEach(async () => {
    await gemini.stop();
  });

  it('answers the real SDK with a scripted JSON answer, usage metadata, and records the prompt', async () => {
    gemini.enqueue({ json: { rootCause: 'add() subtracts', confidence: 0.9 } });
    const res = await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Log:\nE   assert add(1, 2) == 3',
      config: {
        systemInstruction: 'You are a CI doctor.',
        responseMimeType: 'application/json',
        temperature: 0
      }
    });
    expect(JSON.parse(res.text ?? '')).toEqual({ rootCause: 'add() subtracts', confidence: 0.9 });
    expect(res.candidates?.[0].finishReason).toBe('STOP');
    expect(res.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
    expect(res.usageMetadata?.totalTokenCount).toBe(
      (res.usageMetadata?.promptTokenCount ?? 0) + (res.usageMetadata?.candidatesTokenCount ?? 0)
    );
    expect(res.modelVersion).toBe('gemini-2.5-flash');

    const [req] = gemini.requests;
    expect(req).toMatchObject({ model: 'gemini-2.5-flash', apiVersion: 'v1beta', method: 'generateContent' });
    expect(req.headers['x-goog-api-key']).toBe(KEY);
    expect(req.promptText).toContain('assert add(1, 2) == 3');
    expect(req.promptText).toContain('You are a CI doctor.');
    expect(req.body.generationConfig).toMatchObject({ responseMimeType: 'application/json', temperature: 0 });
  });

  it('honours GOOGLE_GEMINI_BASE_URL when no baseUrl option is given', async () => {
    const before = process.env.GOOGLE_GEMINI_BASE_URL;
    process.env.GOOGLE_GEMINI_BASE_URL = gemini.url;
    try {
      gemini.enqueue({ text: 'hello' });
      const res = await new GoogleGenAI({ apiKey: KEY, httpOptions: http() }).models.generateContent({
        model: 'gemini-2.5-pro',
        contents: 'hi'
      });
      expect(res.text).toBe('hello');
    } finally {
      if (before === undefined) delete process.env.GOOGLE_GEMINI_BASE_URL;
      else process.env.GOOGLE_GEMINI_BASE_URL = before;
    }
  });

  it('serves the SDK in a plain node process, base URL from GOOGLE_GEMINI_BASE_URL', async () => {
    gemini.enqueue({ json: { ok: 1 }, usage: { promptTokenCount: 11, candidatesTokenCount: 5 } });
    const script = join(REPO_ROOT, '__tests__', 'world', 'fixtures', 'genai-call.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [script, 'the failing log'], {
      env: { PATH: process.env.PATH, GOOGLE_GEMINI_BASE_URL: gemini.url, GEMINI_API_KEY: KEY }
    });
    expect(JSON.parse(stdout)).toEqual({
      text: '{"ok":1}',
      usage: {
        promptTokenCount: 11,
        candidatesTokenCount: 5,
        totalTokenCount: 16,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: 11 }]
      }
    });
    expect(gemini.requests[0].promptText).toBe('the failing log');
  });

  it('answers truncated text with MAX_TOKENS and a blocked prompt with promptFeedback', async () => {
    gemini.enqueue({ truncated: '{"rootCause": "add() sub' }, { blocked: 'SAFETY' });
    const cut = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });
    expect(cut.candidates?.[0].finishReason).toBe('MAX_TOKENS');
    expect(() => JSON.parse(cut.text ?? '')).toThrow();
    const blocked = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });
    expect(blocked.text).toBeUndefined();
    expect(blocked.promptFeedback?.blockReason).toBe('SAFETY');
  });

  it('sends the real 429 body with RetryInfo, and the SDK retries it when told to', async () => {
    gemini.enqueue({ status: 429, retryDelaySeconds: 12 });
    const err = await ai.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(429);
    const body = JSON.parse((err as ApiError).message) as {
      error: { status: string; details: { '@type': string; retryDelay?: string }[] };
    };
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(
      body.error.details.find(d => d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo')?.retryDelay
    ).toBe('12s');

    gemini.enqueue({ status: 429, retryDelaySeconds: 1 }, { status: 503 }, { json: { ok: true } });
    const retrying = new GoogleGenAI({
      apiKey: KEY,
      httpOptions: http({
        baseUrl: gemini.url,
        retryOptions: { attempts: 3, initialDelay: 0.01, maxDelay: 0.02 }
      })
    });
    const res = await retrying.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });
    expect(res.text).toBe('{"ok":true}');
    expect(gemini.requests.map(r => r.status)).toEqual([429, 429, 503, 200]);
  });

  it('sends the daily-quota 429 with its PerDay quotaId and RetryInfo, as the API does', async () => {
    gemini.enqueue({ status: 429, perDay: true, retryDelaySeconds: 37 });
    const err = (await ai.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'x' })
      .catch((e: unknown) => e)) as ApiError;
    const body = JSON.parse(err.message) as {
      error: { details: { '@type': string; retryDelay?: string; violations?: { quotaId: string }[] }[] };
    };
    expect(err.status).toBe(429);
    expect(body.error.details[0].violations?.[0].quotaId).toBe(
      'GenerateRequestsPerDayPerProjectPerModel-FreeTier'
    );
    expect(
      body.error.details.find(d => d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo')?.retryDelay
    ).toBe('37s');
  });

  it('answers a retired model with the real 404 body', async () => {
    const err = (await ai.models
      .generateContent({ model: 'gemini-2.0-flash', contents: 'x' })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(404);
    expect(JSON.parse(err.message)).toEqual({
      error: {
        code: 404,
        status: 'NOT_FOUND',
        message:
          'models/gemini-2.0-flash is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.'
      }
    });
    const later = new GeminiEmulator({ apiKey: KEY, retired: ['gemini-2.5-flash'] });
    await later.start();
    try {
      const ai2 = new GoogleGenAI({ apiKey: KEY, httpOptions: http({ baseUrl: later.url }) });
      await expect(
        ai2.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' })
      ).rejects.toMatchObject({
        status: 404
      });
    } finally {
      await later.stop();
    }
  });

  it('records the sampling parameters a request sets, and refuses a thinking level on 2.5', async () => {
    gemini.enqueue({ text: 'a' }, { text: 'b' });
    await ai.models.generateContent({
      model: 'gemini-3.8-flash',
      contents: 'x',
      config: { temperature: 0, topK: 3 }
    });
    await ai.models.generateContent({
      model: 'gemini-3.8-flash',
      contents: 'x',
      config: { thinkingConfig: { thinkingLevel: 'MEDIUM' as never } }
    });
    expect(gemini.requests.map(r => r.sampling)).toEqual([['temperature', 'topK'], []]);
    expect(gemini.requests[1].body.generationConfig).toEqual({ thinkingConfig: { thinkingLevel: 'MEDIUM' } });
    const err = (await ai.models
      .generateContent({
        model: 'gemini-2.5-flash',
        contents: 'x',
        config: { thinkingConfig: { thinkingLevel: 'LOW' as never } }
      })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(err.message).toContain('Thinking level is not supported for this model.');
  });

  it('sends the real 503 body', async () => {
    gemini.enqueue({ status: 503 });
    const err = (await ai.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'x' })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(503);
    expect(JSON.parse(err.message)).toEqual({
      error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' }
    });
  });

  it('hangs so that the client timeout fires', async () => {
    gemini.enqueue({ hang: true });
    const slow = new GoogleGenAI({ apiKey: KEY, httpOptions: http({ baseUrl: gemini.url, timeout: 200 }) });
    const started = Date.now();
    await expect(slow.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('delays an answer', async () => {
    gemini.enqueue({ delayMs: 150, then: { text: 'late' } });
    const started = Date.now();
    const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });
    expect(res.text).toBe('late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rejects a wrong key and an unknown model as the API does', async () => {
    const bad = new GoogleGenAI({ apiKey: 'wrong', httpOptions: http({ baseUrl: gemini.url }) });
    await expect(
      bad.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' })
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('API_KEY_INVALID') });
    await expect(ai.models.generateContent({ model: 'gpt-4', contents: 'x' })).rejects.toMatchObject({
      status: 404
    });
  });

  it('checks scripted json answers against the responseSchema the request carried', async () => {
    const responseSchema = {
      type: 'OBJECT',
      properties: { rootCause: { type: 'STRING' }, confidence: { type: 'NUMBER' } },
      required: ['rootCause', 'confidence']
    };
    gemini.enqueue(
      { json: { rootCause: 'x', confidence: 0.5 } },
      { json: { rootCause: 'x' } },
      { text: '{"rootCause": 3}' }
    );
    const call = (): Promise<unknown> =>
      ai.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: 'x',
        config: { responseMimeType: 'application/json', responseSchema }
      });
    await expect(call()).resolves.toMatchObject({ text: '{"rootCause":"x","confidence":0.5}' });
    await expect(call()).rejects.toMatchObject({
      status: 500,
      message: expect.stringContaining("missing required property 'confidence'")
    });
    // Raw text is never checked: it is how a test scripts an off-schema answer.
    await expect(call()).resolves.toMatchObject({ text: '{"rootCause": 3}' });
    expect(gemini.schemaMismatches).toHaveLength(1);
    expect(gemini.requests[0].body.generationConfig).toMatchObject({ responseSchema: { type: 'OBJECT' } });
  });

  it('rejects a responseSchema field the API does not know, as its proto parser does', async () => {
    gemini.enqueue({ json: {} });
    const responseSchema = {
      type: 'OBJECT',
      properties: { a: { type: 'STRING' }, b: { type: 'OBJECT', $ref: '#/x' } }
    };
    const err = (await ai.models
      .generateContent({
        model: 'gemini-2.5-flash',
        contents: 'x',
        config: { responseMimeType: 'application/json', responseSchema }
      })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(JSON.parse(err.message).error.message).toBe(
      `Invalid JSON payload received. Unknown name "$ref" at 'generation_config.response_schema.properties[1].value': Cannot find field.`
    );
    expect(gemini.pending).toBe(1);
  });

  it('fails loudly when the script runs out', async () => {
    await expect(
      ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' })
    ).rejects.toMatchObject({
      status: 500,
      message: expect.stringContaining('no scripted answer')
    });
  });

  it('serves streaming and countTokens', async () => {
    gemini.enqueue({ text: 'streamed' });
    let text = '';
    for await (const chunk of await ai.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'x'
    }))
      text += chunk.text ?? '';
    expect(text).toBe('streamed');
    const count = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'twelve chars' });
    expect(count.totalTokens).toBe(3);
  });
});
