/**
 * Gemini as it is today, through the bundled action (`mode: diagnose`, the cheapest way to the
 * model) and the bundled CLI, against the emulator's real error bodies: the default model is the
 * current GA Flash and gets no sampling parameters; a rejected key is an error annotation (stderr
 * in the CLI), not a quiet fall-back; a retired model names itself and the current model; a daily
 * quota stops after one request.
 */
import { rm } from 'node:fs/promises';
import { GeminiEmulator } from '../world/gemini.js';
import { startWorld, workflowRunEvent, type World } from '../world/index.js';
import { cli, repoFromDemo, type CliRun } from './cli-runner.js';
import { PYTHON_IMAGE, seedFailingRun } from './scenario.js';

const DIAGNOSIS = {
  rootCause: 'order_total misspells its accumulator as totl',
  category: 'test',
  confidence: 0.9,
  file: 'shop/cart.py',
  line: 7,
  plan: 'Return total.'
};

describe('Gemini today, through the bundled action', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  async function diagnose(
    repo: string,
    runId: number,
    inputs: Record<string, string>
  ): Promise<Awaited<ReturnType<World['run']>>> {
    await seedFailingRun(world, {
      owner: 'acme',
      repo,
      demo: 'demo-python',
      runId,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    return world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId }),
      repository: `acme/${repo}`,
      inputs: { image: PYTHON_IMAGE, mode: 'diagnose', ...inputs }
    });
  }
  const errors = (r: { annotations: { command: string; message: string }[] }): string[] =>
    r.annotations.filter(a => a.command === 'error').map(a => a.message);

  it('asks gemini-3.8-flash by default, with no temperature, topP or topK, thinking level MEDIUM', async () => {
    world.gemini.enqueue({ json: DIAGNOSIS });
    const r = await diagnose('gt1', 6101, { 'gemini-api-key': world.geminiKey });
    expect({ exit: r.exitCode, status: r.outputs.status, errors: errors(r) }).toEqual({
      exit: 0,
      status: 'diagnosed',
      errors: []
    });
    const [sent] = world.gemini.generateRequests;
    expect(world.gemini.generateRequests).toHaveLength(1);
    expect(sent.model).toBe('gemini-3.8-flash');
    expect(sent.sampling).toEqual([]);
    expect(sent.body.generationConfig).toMatchObject({ thinkingConfig: { thinkingLevel: 'MEDIUM' } });
    expect(JSON.parse(r.outputs.diagnosis)).toMatchObject({ source: 'model' });
  });

  it('a rejected key is an error annotation that names the problem; the rules diagnosis stays', async () => {
    const r = await diagnose('gt2', 6102, { 'gemini-api-key': 'AIzaNOT-THE-KEY-0123456789abcdefghijkl' });
    expect({ exit: r.exitCode, status: r.outputs.status }).toEqual({ exit: 0, status: 'diagnosed' });
    expect(errors(r)).toEqual([
      'Gemini rejected the API key (HTTP 400: API key not valid. Please pass a valid API key.). Check the gemini-api-key input or the GEMINI_API_KEY secret; until then the model is not used.'
    ]);
    expect(JSON.parse(r.outputs.diagnosis)).toMatchObject({ source: 'rules' });
    expect(world.gemini.generateRequests).toHaveLength(1);
    // Only the mask command (which tells the runner to hide it) carries the key.
    expect((r.stdout + r.summary).replace(/^::add-mask::.*$/gm, '')).not.toContain('AIzaNOT-THE-KEY');
  });

  it('a retired model names itself and the current model to set in gemini-model', async () => {
    const r = await diagnose('gt3', 6103, {
      'gemini-api-key': world.geminiKey,
      'gemini-model': 'gemini-2.0-flash'
    });
    expect({ exit: r.exitCode, status: r.outputs.status }).toEqual({ exit: 0, status: 'diagnosed' });
    const [error] = errors(r);
    expect(error).toMatch(
      /^Gemini model gemini-2\.0-flash is not available \(HTTP 404: models\/gemini-2\.0-flash is not found/
    );
    expect(error).toContain('Set the gemini-model input to gemini-3.8-flash, the current model.');
    expect(world.gemini.generateRequests).toHaveLength(1);
  });

  it('a daily quota (PerDay, with RetryInfo) stops after one request, with a warning', async () => {
    world.gemini.enqueue(
      { status: 429, perDay: true, retryDelaySeconds: 1 },
      { json: DIAGNOSIS },
      { json: DIAGNOSIS }
    );
    const r = await diagnose('gt4', 6104, { 'gemini-api-key': world.geminiKey });
    expect({ exit: r.exitCode, status: r.outputs.status, errors: errors(r) }).toEqual({
      exit: 0,
      status: 'diagnosed',
      errors: []
    });
    expect(world.gemini.generateRequests).toHaveLength(1);
    expect(
      r.annotations.some(
        a => a.command === 'warning' && /daily quota exhausted \(GenerateRequestsPerDay/.test(a.message)
      )
    ).toBe(true);
  });
});

describe('Gemini today, through the bundled CLI', () => {
  let gemini: GeminiEmulator;
  let repo: string;
  beforeEach(async () => {
    gemini = new GeminiEmulator({ apiKey: 'cli-gemini-key' });
    await gemini.start();
    repo = await repoFromDemo('demo-logic', { prefix: 'nw-gemini-today-' });
  });
  afterEach(async () => {
    await gemini.stop();
    await rm(repo, { recursive: true, force: true });
  });

  const heal = (env: Record<string, string>): Promise<CliRun> =>
    cli(['heal', '--repo', repo, '--image', PYTHON_IMAGE, '--json'], {
      env: { GOOGLE_GEMINI_BASE_URL: gemini.url, ...env }
    });

  it('a rejected key is an error line on stderr; the heal goes on without the model', async () => {
    const r = await heal({ GEMINI_API_KEY: 'AIzaWRONG-cli-0123456789abcdefghijklm' });
    expect(r.stderr).toContain(
      'nightwatch-ci heal: error: Gemini rejected the API key (HTTP 400: API key not valid. Please pass a valid API key.)'
    );
    const out = JSON.parse(r.stdout) as { status: string; diagnosis: { source: string } | null };
    expect(out.status).not.toBe('error');
    expect(out.diagnosis?.source).toBe('rules');
    expect(gemini.generateRequests).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toContain('AIzaWRONG-cli');
  });

  it('a retired GEMINI_MODEL names the current model; a daily quota stops after one request', async () => {
    const retired = await heal({ GEMINI_API_KEY: 'cli-gemini-key', GEMINI_MODEL: 'gemini-3-pro-preview' });
    expect(retired.stderr).toContain(
      'nightwatch-ci heal: error: Gemini model gemini-3-pro-preview is not available'
    );
    expect(retired.stderr).toContain('Set GEMINI_MODEL to gemini-3.8-flash, the current model.');
    expect(gemini.generateRequests).toHaveLength(1);

    gemini.enqueue(
      { status: 429, perDay: true, retryDelaySeconds: 1 },
      { json: DIAGNOSIS },
      { json: DIAGNOSIS }
    );
    const quota = await heal({ GEMINI_API_KEY: 'cli-gemini-key' });
    expect(quota.stderr).toContain('nightwatch-ci heal: warning: Gemini daily quota exhausted');
    expect(gemini.generateRequests).toHaveLength(2);
    expect(gemini.generateRequests[1]).toMatchObject({
      model: 'gemini-3.8-flash',
      status: 429,
      sampling: []
    });
  });
});
