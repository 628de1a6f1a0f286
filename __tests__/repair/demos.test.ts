import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repair, type RepairContext } from '../../src/repair/index.js';
import { createDockerSandbox, detectProject, type Sandbox } from '../../src/sandbox/index.js';
import type { Diagnosis } from '../../src/types.js';
import { ScriptedModel } from './helpers/scripted-model.js';

const rules: Diagnosis = { source: 'rules', rootCause: 'tests fail', category: 'test', confidence: 0.5 };

/** A copy of an example demo (the tree repair edits in place). */
async function demo(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `nw-${name}-`));
  await cp(path.resolve('examples', name), dir, { recursive: true });
  return dir;
}

async function context(
  name: string,
  sandbox: Sandbox,
  over: Partial<RepairContext> = {}
): Promise<RepairContext> {
  const workdir = await demo(name);
  const spec = await detectProject(workdir, {
    image: name === 'demo-node' ? 'nightwatch-test-node:1' : 'nightwatch-test-python:1'
  });
  const before = await sandbox.run({ workdir, spec });
  expect(before.exitCode).not.toBe(0);
  return {
    workdir,
    spec,
    sandbox,
    failureOutput: before.output,
    failures: [],
    diagnosis: rules,
    maxAttempts: 3,
    minConfidence: 0.6,
    protectedPaths: ['.github/workflows/**'],
    log: () => undefined,
    ...over
  };
}

describe('repair() on the demos in the real Docker sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createDockerSandbox();
  });

  it('demo-python: the NameError fixer heals it alone (Python 3.11 prints no suggestion)', async () => {
    const ctx = await context('demo-python', sandbox);
    expect(ctx.spec.image).toBe('nightwatch-test-python:1');
    expect(ctx.failureOutput).toContain("NameError: name 'totl' is not defined");
    expect(ctx.failureOutput).not.toContain('Did you mean');
    const res = await repair(ctx);
    expect(res.fixed).toBe(true);
    expect(res.attempts.map(a => `${a.source}:${a.verdict}`)).toEqual(['fixer:python-name:pass']);
    expect(res.edits).toEqual([
      {
        file: 'invoice/cart.py',
        search: '        return round_money(totl)\n',
        replace: '        return round_money(total)\n'
      }
    ]);
    expect(res.after?.output).toMatch(/8 passed/);
  });

  it('demo-node: the TS2551 fixer heals it alone', async () => {
    const ctx = await context('demo-node', sandbox);
    expect(ctx.spec.image).toBe('nightwatch-test-node:1');
    expect(ctx.failureOutput).toContain('error TS2551');
    const res = await repair(ctx);
    expect(res.fixed).toBe(true);
    expect(res.attempts.map(a => `${a.source}:${a.verdict}`)).toEqual(['fixer:ts-suggestion:pass']);
    expect(await readFile(path.join(ctx.workdir, 'src/shipping.ts'), 'utf8')).toContain(
      'cart.subtotalCents()'
    );
    expect(res.after?.exitCode).toBe(0);
  });

  it('demo-logic: no fixer applies; the model loop adds a regression test that fails first, then a fix', async () => {
    const model = new ScriptedModel({
      diagnosis: [
        {
          rootCause: 'discount_for uses > instead of >= at the threshold',
          category: 'test',
          confidence: 0.9,
          file: 'pricing/discount.py',
          plan: 'compare with >='
        }
      ],
      regressionTest: [
        {
          file: 'tests/test_regression_threshold.py',
          content:
            'from decimal import Decimal\n\nfrom pricing.discount import discount_for\n\n\ndef test_exact_threshold_gets_discount():\n    assert discount_for(Decimal("100.00")) > Decimal("0")\n',
          explanation: 'exactly 100.00 must be discounted'
        }
      ],
      patch: [
        {
          edits: [
            {
              file: 'pricing/discount.py',
              search: 'if subtotal > DISCOUNT_THRESHOLD:',
              replace: 'if subtotal >= DISCOUNT_THRESHOLD:'
            }
          ],
          explanation: '>='
        }
      ]
    });
    const ctx = await context('demo-logic', sandbox, { model });
    const res = await repair(ctx);
    expect(res.fixed).toBe(true);
    expect(res.regressionTest?.failedBefore.exitCode).not.toBe(0);
    expect(res.regressionTest?.failedBefore.output).toMatch(/1 failed/);
    expect(res.after?.output).toMatch(/8 passed/);
    expect(res.attempts.map(a => `${a.source}:${a.verdict}`)).toEqual(['model:pass']);
  });
});
