import { createGeminiModel, retryDelayMs } from '../../src/model/gemini.js';
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

  it('sends the system instruction, JSON mime type, schema and temperature 0; counts tokens and cost', async () => {
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

  it('does not retry a daily-quota 429 (no RetryInfo)', async () => {
    gemini.enqueue({ status: 429, perDay: true }, { json: answer });
    await expect(model().generate(req)).rejects.toMatchObject({
      kind: 'rate-limit',
      message: expect.stringMatching(/daily quota/)
    });
    expect(gemini.generateRequests).toHaveLength(1);
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

  it('does not retry a bad key, and never prints the key', async () => {
    const err = (await createGeminiModel({
      apiKey: 'AIzaWRONG-0123456789abcdefghijklmnopqrs',
      model: 'gemini-2.5-flash',
      baseUrl: gemini.url
    })
      .generate(req)
      .catch((e: unknown) => e)) as ModelError;
    expect(err.kind).toBe('other');
    expect(err.message).toMatch(/API key not valid/);
    expect(err.message).not.toContain('AIzaWRONG');
    expect(gemini.generateRequests).toHaveLength(1);
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
