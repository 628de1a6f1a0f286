/**
 * A fix's risk through the bundled action (dist/index.js) and the loopback world: above `max-risk`
 * the fix goes out as a draft PR labelled nightwatch:needs-review with the score and its reasons; a
 * fix that changes an existing test's expectations (the diagnosis blames the test) always does, with
 * the warning. Assertions are on what the GitHub emulator received.
 */
import { execFileSync } from 'node:child_process';
import { startWorld, workflowRunEvent, type World } from '../world/index.js';
import {
  DEMO_LOGIC_FIX,
  demoLogicRegression,
  errorOf,
  modelPatch,
  PYTHON_IMAGE,
  seedFailingRun
} from './scenario.js';

describe('risk and review through the bundled action', () => {
  let world: World;

  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  async function healDemoLogic(
    runId: number,
    diagnosisFile: string,
    edits: { file: string; search: string; replace: string }[],
    inputs: Record<string, string> = {}
  ): Promise<Awaited<ReturnType<World['run']>>> {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'pricing',
      demo: 'demo-logic',
      runId,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    world.gemini.enqueue(
      {
        json: {
          rootCause:
            diagnosisFile === DEMO_LOGIC_FIX.file
              ? 'discount_for uses > where the pricing page promises the discount from 100.00 (>=)'
              : 'discount_for uses > (the page says from 100.00), and test_discount_above_threshold states its expectation in a form the pricing page does not use: the test is wrong there too',
          category: 'test',
          confidence: 0.85,
          file: diagnosisFile,
          plan: 'Compare with >= DISCOUNT_THRESHOLD.'
        }
      },
      demoLogicRegression(),
      modelPatch(edits)
    );
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId }),
      repository: 'acme/pricing',
      inputs: { image: PYTHON_IMAGE, 'gemini-api-key': world.geminiKey, ...inputs }
    });
    expect({ exit: r.exitCode, status: r.outputs.status, stderr: r.stderr, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'fixed',
      stderr: '',
      error: undefined
    });
    expect(world.gemini.pending).toBe(0);
    expect(world.api.pulls).toHaveLength(1);
    return r;
  }

  it.each([
    ['max-risk 0: a draft labelled for review, the score and its reasons in the body', '0', true],
    ['the default max-risk: a small source fix is a ready PR without the label', undefined, false]
  ])('%s', async (_name, maxRisk, draft) => {
    await healDemoLogic(
      4401,
      DEMO_LOGIC_FIX.file,
      [DEMO_LOGIC_FIX],
      maxRisk === undefined ? {} : { 'max-risk': maxRisk }
    );
    const pr = world.api.pulls[0];
    expect(pr.draft).toBe(draft);
    expect(pr.labels.includes('nightwatch:needs-review')).toBe(draft);
    expect(pr.labels).toContain('nightwatch');
    const body = pr.body ?? '';
    expect(body).toContain('### Risk');
    // Confidence 0.85 is the one reason of this one-line fix: 0.15 * 0.3.
    expect(body).toContain('**Risk 0.05** (0 to 1; `max-risk`');
    expect(body).toContain('- diagnosis confidence 85% (+0.05)');
    expect(body.includes('is above `max-risk` 0')).toBe(draft);
    expect(body).not.toContain("changes an existing test's expectations");
    // The image by digest: the local test image has no registry digest, so its image ID.
    const id = execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', PYTHON_IMAGE], {
      encoding: 'utf8'
    }).trim();
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body).toContain(`Image: \`${id}\` (\`${PYTHON_IMAGE}\`).`);
    expect(body).toContain(`# ${PYTHON_IMAGE} was a local image, ID ${id}`);
  });

  it("a fix that changes an existing test's expectation is a draft with the warning, under max-risk", async () => {
    const r = await healDemoLogic(4402, 'tests/test_discount.py', [
      DEMO_LOGIC_FIX,
      {
        file: 'tests/test_discount.py',
        search: '    assert discount_for(Decimal("250.00")) == Decimal("25.00")',
        replace: '    assert discount_for(Decimal("250.00")) == Decimal("25.0")'
      }
    ]);
    const pr = world.api.pulls[0];
    expect(pr.draft).toBe(true);
    expect(pr.labels).toEqual(expect.arrayContaining(['nightwatch', 'nightwatch:needs-review']));
    const body = pr.body ?? '';
    expect(body).toContain(
      "This fix changes an existing test's expectations because the diagnosis says the test is wrong: review the test change."
    );
    expect(body).toContain('- changes existing tests: tests/test_discount.py (+0.30)');
    // Under the default max-risk: the draft is for the test change, not the score.
    expect(body).not.toContain('is above `max-risk`');
    expect(r.outputs['pr-number']).toBe(String(pr.number));
  });
});
