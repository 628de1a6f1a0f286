import { modelProfile } from '../../src/model/catalog.js';
import { priceOf } from '../../src/model/cost.js';
import { createGeminiModel, retryDelayMs } from '../../src/model/gemini.js';
import { DEFAULT_GEMINI_MODEL } from '../../src/constants.js';
import { ModelError } from '../../src/model/port.js';
import { geminiSchema } from '../../src/model/schemas.js';
import { GeminiEmulator } from '../world/gemini.js';

const KEY = 'AIzaTESTKEY-0123456789abcdefghijklmnopq';
const req = { system: 'rules', prompt: 'data', schema: geminiSchema('diagnosis'), schemaName: 'diagnosis' };
const answer = { rootCause: 'x', category: 'test', confidence: 0.8, plan: 'y' };
const usage = { promptTokenCount: 1200, candidatesTokenCount: 300, thoughtsTokenCount: 100 };

describe('createGeminiModel against the Gemini emulator', () => {
  let gemini: GeminiEmulator;
  beforeEach(async () => {
    gemini = new GeminiEmulator({ apiKey: KEY });
    await gemini.start();
  });
  afterEach(async () => {
    await gemini.stop();
  });
  const model = (
    over: Partial<Parameters<typeof createGeminiModel>[0]> = {}
  ): ReturnType<typeof createGeminiModel> =>
    createGeminiModel({
      apiKey: KEY,
      model: 'gemini-2.5-flash',
      baseUrl: gemini.url,
      sleep: async () => undefined,
      ...over
    });

  it('sends a 2.5 model the system instruction, JSON mime type, schema, temperature 0 and a thinking budget; counts tokens and cost', async () => {
    gemini.enqueue({ json: answer, usage });
    const logs: string[] = [];
    const m = model({ log: l => logs.push(l) });
    const res = await m.generate(req);
    expect(JSON.parse(res.text)).toEqual(answer);
    expect(res).toMatchObject({ promptTokens: 1200, outputTokens: 400 });
    const sent = gemini.generateRequests[0];
    expect(sent.model).toBe('gemini-2.5-flash');
    expect(sent.body.systemInstruction).toMatchObject({ parts: [{ text: 'rules' }] });
    expect(sent.body.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      temperature: 0,
      thinkingConfig: { thinkingBudget: 8192 },
      maxOutputTokens: 32768,
      responseSchema: { type: 'OBJECT' }
    });
    expect(m.usage()).toEqual({
      calls: 1,
      promptTokens: 1200,
      outputTokens: 400,
      estimatedCostUsd: (1200 * 0.3 + 400 * 2.5) / 1e6
    });
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('honours RetryInfo on 429 and backs off on 503, then answers', async () => {
    gemini.enqueue({ status: 429, retryDelaySeconds: 7 }, { status: 503 }, { json: answer });
    const waits: number[] = [];
    const logs: string[] = [];
    const m = model({ sleep: async ms => void waits.push(ms), log: l => logs.push(l) });
    expect(JSON.parse((await m.generate(req)).text)).toEqual(answer);
    expect(gemini.generateRequests.map(r => r.status)).toEqual([429, 503, 200]);
    expect(waits).toEqual([7000, 2000]);
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('caps the RetryInfo delay and gives up after 3 tries with ModelError rate-limit', async () => {
    gemini.enqueue(
      { status: 429, retryDelaySeconds: 3600 },
      { status: 429, retryDelaySeconds: 3600 },
      { status: 429, retryDelaySeconds: 3600 }
    );
    const waits: number[] = [];
    const err = await model({ maxRetryDelayMs: 10_000, sleep: async ms => void waits.push(ms) })
      .generate(req)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).kind).toBe('rate-limit');
    expect((err as ModelError).message).not.toContain(KEY);
    expect(gemini.generateRequests).toHaveLength(3);
    expect(waits).toEqual([10_000, 10_000]);
  });

  it('defaults to gemini-3.8-flash and sends it no sampling parameters, thinking level MEDIUM', async () => {
    expect(DEFAULT_GEMINI_MODEL).toBe('gemini-3.8-flash');
    gemini.enqueue({ json: answer, usage });
    const m = model({ model: DEFAULT_GEMINI_MODEL });
    await m.generate(req);
    const sent = gemini.generateRequests[0];
    expect(sent.model).toBe('gemini-3.8-flash');
    expect(sent.sampling).toEqual([]);
    expect(sent.body.generationConfig).toMatchObject({
      thinkingConfig: { thinkingLevel: 'MEDIUM' },
      maxOutputTokens: 32768
    });
    expect(sent.body.generationConfig?.thinkingConfig).not.toHaveProperty('thinkingBudget');
    // Priced at the price of the day it runs (introductory until 2026-12-31).
    expect(m.usage().estimatedCostUsd).toBeCloseTo(
      (1200 * priceOf('gemini-3.8-flash').input + 400 * priceOf('gemini-3.8-flash').output) / 1e6,
      12
    );
  });

  it('configures each family deliberately', () => {
    expect(modelProfile('gemini-3.6-flash')).toMatchObject({
      sampling: false,
      thinking: { thinkingLevel: 'MEDIUM' }
    });
    expect(modelProfile('gemini-2.5-pro')).toMatchObject({
      sampling: true,
      thinking: { thinkingBudget: 8192 }
    });
    expect(modelProfile('gemini-flash-latest')).toEqual({ sampling: false, maxOutputTokens: 65536 });
    expect(priceOf('gemini-3.8-flash', new Date('2026-12-31T23:00:00Z'))).toEqual({
      input: 0.75,
      output: 3.75
    });
    expect(priceOf('gemini-3.8-flash', new Date('2027-01-01T00:00:00Z'))).toEqual({
      input: 1.5,
      output: 7.5
    });
    expect(priceOf('some-new-model')).toEqual({ input: 2, output: 12 });
  });

  it('never asks for more output than the model gives', async () => {
    gemini.enqueue({ json: answer });
    await model({ model: 'gemini-3.8-flash', maxOutputTokens: 1_000_000 }).generate(req);
    expect(gemini.generateRequests[0].body.generationConfig?.maxOutputTokens).toBe(65536);
  });

  it('stops at once on a daily-quota 429 (PerDay quotaId, RetryInfo present), and for the rest of the run', async () => {
    gemini.enqueue({ status: 429, perDay: true, retryDelaySeconds: 20 }, { json: answer }, { json: answer });
    const reports: [string, string][] = [];
    const waits: number[] = [];
    const m = model({
      model: 'gemini-3.8-flash',
      report: (l, msg) => reports.push([l, msg]),
      sleep: async ms => void waits.push(ms)
    });
    await expect(m.generate(req)).rejects.toMatchObject({
      kind: 'quota-daily',
      message: expect.stringMatching(
        /daily quota exhausted \(GenerateRequestsPerDayPerProjectPerModel-FreeTier/
      )
    });
    await expect(m.generate(req)).rejects.toMatchObject({ kind: 'quota-daily' });
    expect(gemini.generateRequests).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(reports).toEqual([['warning', expect.stringMatching(/daily quota/)]]);
  });

  it('a retired model names itself and the current model, once, and is not asked again', async () => {
    const reports: [string, string][] = [];
    const m = model({ model: 'gemini-2.0-flash', report: (l, msg) => reports.push([l, msg]) });
    const err = (await m.generate(req).catch((e: unknown) => e)) as ModelError;
    expect(err.kind).toBe('retired');
    expect(err.message).toContain('Gemini model gemini-2.0-flash is not available');
    expect(err.message).toContain('models/gemini-2.0-flash is not found for API version v1beta');
    expect(err.message).toContain('Set the gemini-model input to gemini-3.8-flash');
    await expect(m.generate(req)).rejects.toMatchObject({ kind: 'retired' });
    expect(gemini.generateRequests).toHaveLength(1);
    // Known as shut down: a warning at start, then the error.
    expect(reports.map(r => r[0])).toEqual(['warning', 'error']);
    expect(reports[0][1]).toBe(
      'Gemini model gemini-2.0-flash was retired on 2026-06-01: set the gemini-model input to gemini-3.8-flash, the current model.'
    );
  });

  it('says where the model is set (the CLI passes GEMINI_MODEL)', async () => {
    const gone = new GeminiEmulator({ apiKey: KEY, retired: ['gemini-3.6-flash'] });
    await gone.start();
    try {
      const err = (await createGeminiModel({
        apiKey: KEY,
        model: 'gemini-3.6-flash',
        baseUrl: gone.url,
        modelSetting: 'GEMINI_MODEL'
      })
        .generate(req)
        .catch((e: unknown) => e)) as ModelError;
      expect(err.message).toContain('Set GEMINI_MODEL to gemini-3.8-flash');
    } finally {
      await gone.stop();
    }
  });

  it('503 on every try: ModelError unavailable', async () => {
    gemini.enqueue({ status: 503 }, { status: 503 }, { status: 503 });
    await expect(model().generate(req)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('turns non-JSON, truncated and blocked answers into bad-answer, without retrying', async () => {
    gemini.enqueue(
      { text: 'Sure! Here is the fix: ...' },
      { truncated: '{"rootCause": "x", "conf' },
      { blocked: 'SAFETY' }
    );
    const m = model();
    await expect(m.generate(req)).rejects.toMatchObject({
      kind: 'bad-answer',
      message: expect.stringMatching(/not JSON/)
    });
    await expect(m.generate(req)).rejects.toMatchObject({
      kind: 'bad-answer',
      message: expect.stringMatching(/truncated/)
    });
    await expect(m.generate(req)).rejects.toMatchObject({ kind: 'bad-answer' });
    expect(gemini.generateRequests).toHaveLength(3);
  });

  it('a rejected key is an auth error, said once, never retried and never printed', async () => {
    const reports: [string, string][] = [];
    const m = createGeminiModel({
      apiKey: 'AIzaWRONG-0123456789abcdefghijklmnopqrs',
      model: 'gemini-3.8-flash',
      baseUrl: gemini.url,
      report: (l, msg) => reports.push([l, msg])
    });
    const err = (await m.generate(req).catch((e: unknown) => e)) as ModelError;
    expect(err.kind).toBe('auth');
    expect(err.message).toBe(
      'Gemini rejected the API key (HTTP 400: API key not valid. Please pass a valid API key.). Check the gemini-api-key input or the GEMINI_API_KEY secret; until then the model is not used.'
    );
    await expect(m.generate(req)).rejects.toMatchObject({ kind: 'auth' });
    expect(gemini.generateRequests).toHaveLength(1);
    expect(reports).toEqual([['error', err.message]]);
    expect(JSON.stringify(reports)).not.toContain('AIzaWRONG');
  });

  it('times out a hanging answer, retries, then gives up with ModelError timeout', async () => {
    gemini.enqueue({ hang: true }, { hang: true });
    await expect(model({ timeoutMs: 300, maxTries: 2 }).generate(req)).rejects.toMatchObject({
      kind: 'timeout'
    });
    expect(gemini.generateRequests).toHaveLength(2);
  });

  it('refuses a call that would exceed maxCostUsd', async () => {
    gemini.enqueue({ json: answer, usage }, { json: answer, usage });
    const m = model({ maxCostUsd: 0.006 });
    await m.generate(req);
    await expect(m.generate(req)).rejects.toMatchObject({ kind: 'budget' });
    expect(gemini.generateRequests).toHaveLength(1);
  });

  it('reads RetryInfo delays', () => {
    expect(retryDelayMs('{"retryDelay": "1.5s"}')).toBe(1500);
    expect(retryDelayMs('nothing')).toBeUndefined();
  });

  it.each([
    ['streamed without a length', false],
    ['with a content-length', true]
  ])(
    'ignores an oversized answer (%s) with a clear error, without holding it in memory',
    async (_how, declareLength) => {
      const bytes = 400 * 1024 * 1024;
      gemini.enqueue({ oversized: bytes, declareLength }, { json: answer });
      const logs: string[] = [];
      const m = model({ log: l => logs.push(l) });
      const rssBefore = process.memoryUsage().rss;
      const t = Date.now();
      const err = await m.generate(req).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect((err as ModelError).kind).toBe('bad-answer');
      expect((err as ModelError).message).toBe(
        'Gemini diagnosis: model answer larger than 4194304 bytes; ignored'
      );
      expect(Date.now() - t).toBeLessThan(10_000);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
      expect(gemini.generateRequests).toHaveLength(1); // not retried
      expect(logs.join('\n')).toContain('model answer larger than');
      // The next call works as usual.
      expect(JSON.parse((await m.generate(req)).text)).toEqual(answer);
    }
  );

  it('takes an answer just under its byte cap', async () => {
    gemini.enqueue({ json: answer });
    const m = model({ maxAnswerBytes: 2000 });
    expect(JSON.parse((await m.generate(req)).text)).toEqual(answer);
    gemini.enqueue({ oversized: 2001 });
    await expect(m.generate(req)).rejects.toThrow('model answer larger than 2000 bytes; ignored');
  });
});
