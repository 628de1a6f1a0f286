/**
 * The CI doctor through the bundled action: in `diagnose` and `comment` modes a failure the rules
 * cannot explain gets the model's diagnosis (when a key is set), in the outputs, the summary and the
 * comment; a known infrastructure pattern never reaches the model; a dry run records nothing.
 */
import { startWorld, workflowRunEvent, type World } from '../world/index.js';
import { errorOf, seedFailingRun, PYTHON_IMAGE } from './scenario.js';

const MODEL_DIAGNOSIS = {
  rootCause: 'order_total misspells its accumulator as totl (the variable is total)',
  category: 'test',
  confidence: 0.9,
  file: 'shop/cart.py',
  line: 7,
  plan: 'Return total instead of totl.'
};

describe('the CI doctor', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  async function seed(repo: string, runId: number): Promise<void> {
    await seedFailingRun(world, {
      owner: 'acme',
      repo,
      demo: 'demo-python',
      runId,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
  }

  it('mode diagnose asks the model and reports its root cause, writing nothing to GitHub', async () => {
    await seed('doc1', 5101);
    world.gemini.enqueue({ json: MODEL_DIAGNOSIS });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 5101 }),
      repository: 'acme/doc1',
      inputs: { image: PYTHON_IMAGE, mode: 'diagnose', 'gemini-api-key': world.geminiKey }
    });
    expect({ exit: r.exitCode, status: r.outputs.status, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'diagnosed',
      error: undefined
    });
    expect(world.gemini.generateRequests).toHaveLength(1);
    // The prompt carries the failing log chunk.
    expect(world.gemini.generateRequests[0].promptText).toContain('totl');
    const diagnosis = JSON.parse(r.outputs.diagnosis);
    expect(diagnosis).toMatchObject({
      source: 'model',
      rootCause: MODEL_DIAGNOSIS.rootCause,
      confidence: 0.9
    });
    expect(r.summary).toContain(MODEL_DIAGNOSIS.rootCause);
    expect(r.summary).toContain(MODEL_DIAGNOSIS.plan);
    expect(world.api.writes).toEqual([]);
  });

  it('mode comment puts the model diagnosis and its suggested fix in the comment', async () => {
    await seed('doc2', 5102);
    world.gemini.enqueue({ json: MODEL_DIAGNOSIS });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 5102 }),
      repository: 'acme/doc2',
      inputs: { image: PYTHON_IMAGE, mode: 'comment', 'gemini-api-key': world.geminiKey }
    });
    expect({ exit: r.exitCode, status: r.outputs.status, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'diagnosed',
      error: undefined
    });
    // A push run has no PR: the diagnosis goes on the commit.
    expect(world.api.commitComments).toHaveLength(1);
    const body = world.api.commitComments[0].body;
    expect(body).toContain(MODEL_DIAGNOSIS.rootCause);
    expect(body).toContain(MODEL_DIAGNOSIS.plan);
    expect(body).toMatch(/model, confidence 90%/);
  });

  it('a model that fails leaves the rules diagnosis with a warning', async () => {
    await seed('doc3', 5103);
    world.gemini.enqueue({ text: 'not json at all' }, { text: 'still not json' }, { text: 'nope' });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 5103 }),
      repository: 'acme/doc3',
      inputs: { image: PYTHON_IMAGE, mode: 'diagnose', 'gemini-api-key': world.geminiKey }
    });
    expect({ exit: r.exitCode, status: r.outputs.status }).toEqual({ exit: 0, status: 'diagnosed' });
    expect(JSON.parse(r.outputs.diagnosis)).toMatchObject({ source: 'rules' });
    expect(
      r.annotations.some(a => a.command === 'warning' && /model could not diagnose/.test(a.message))
    ).toBe(true);
  });

  it('a dry run records no state, so the next real run is not skipped as handled', async () => {
    await seed('doc4', 5104);
    const dry = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 5104 }),
      repository: 'acme/doc4',
      inputs: { image: PYTHON_IMAGE, mode: 'diagnose', 'dry-run': 'true' }
    });
    expect({ exit: dry.exitCode, status: dry.outputs.status }).toEqual({ exit: 0, status: 'diagnosed' });
    expect(world.results.calls.filter(c => c.method === 'CreateArtifact')).toEqual([]);
    const real = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 5104 }),
      repository: 'acme/doc4',
      inputs: { image: PYTHON_IMAGE, mode: 'diagnose' }
    });
    expect({ exit: real.exitCode, status: real.outputs.status }).toEqual({ exit: 0, status: 'diagnosed' });
    expect(world.results.calls.some(c => c.method === 'CreateArtifact')).toBe(true);
  });
});
