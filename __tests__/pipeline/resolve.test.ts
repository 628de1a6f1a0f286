import { createRequire } from 'node:module';
import type { GitHub } from '../../src/delivery/ports.js';
import { resolveRun, ResolveError, toFailedRun } from '../../src/pipeline/resolve.js';
import type { FailedRun } from '../../src/types.js';

const require = createRequire(import.meta.url);
interface Example {
  name: string;
  examples: Array<Record<string, unknown> & { action?: string }>;
}
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Example[];
const workflowRunExamples = examples.find(e => e.name === 'workflow_run')!.examples;

/** A GitHub port that only answers getRun; anything else would be a bug in resolve. */
function githubWithRun(run: FailedRun): GitHub {
  return new Proxy({} as GitHub, {
    get: (_t, prop) => (prop === 'getRun' ? async (id: number) => ({ ...run, runId: id }) : undefined)
  });
}

describe('resolveRun', () => {
  it('maps the real workflow_run payload, with fork detection by repository id', async () => {
    const payload = structuredClone(workflowRunExamples.find(e => e.action === 'completed')!);
    const wr = payload.workflow_run as Record<string, unknown>;
    wr.conclusion = 'failure';
    const run = await resolveRun(
      'workflow_run',
      payload,
      undefined,
      'o',
      'r',
      githubWithRun({} as FailedRun)
    );
    expect(run.runId).toBe(wr.id);
    expect(run.headSha).toBe(wr.head_sha);
    expect(run.conclusion).toBe('failure');
    // In the example the head repository (id 396980812) is not the repository the event came from.
    const headId = (wr.head_repository as { id: number }).id;
    const baseId = (payload.repository as { id: number }).id;
    expect(run.isFork).toBe(headId !== baseId);
  });

  it('is not a fork when head and base repository ids agree', () => {
    const r = toFailedRun(
      { id: 7, head_repository: { id: 5, full_name: 'a/b' }, repository: { id: 5 } },
      'a',
      'b'
    );
    expect(r.isFork).toBe(false);
    expect(r.runAttempt).toBe(1);
  });

  it('counts a run without a head repository (a deleted fork) as a fork, and drops a ref from the path', () => {
    const r = toFailedRun(
      {
        id: 7,
        head_repository: null,
        repository: { id: 5 },
        path: '.github/workflows/ci.yml@refs/heads/main'
      },
      'a',
      'b'
    );
    expect(r.isFork).toBe(true);
    expect(r.workflowPath).toBe('.github/workflows/ci.yml');
  });

  it('prefers the run-id input', async () => {
    const run = await resolveRun(
      'workflow_dispatch',
      {},
      99,
      'o',
      'r',
      githubWithRun({ runId: 1 } as FailedRun)
    );
    expect(run.runId).toBe(99);
  });

  it('reads run-id from the dispatch inputs', async () => {
    const run = await resolveRun(
      'workflow_dispatch',
      { inputs: { 'run-id': '123' } },
      undefined,
      'o',
      'r',
      githubWithRun({} as FailedRun)
    );
    expect(run.runId).toBe(123);
  });

  it('fails a dispatch without run-id with what to pass', async () => {
    const p = resolveRun(
      'workflow_dispatch',
      { inputs: {} },
      undefined,
      'o',
      'r',
      githubWithRun({} as FailedRun)
    );
    await expect(p).rejects.toThrow(ResolveError);
    await expect(
      resolveRun('workflow_dispatch', { inputs: {} }, undefined, 'o', 'r', githubWithRun({} as FailedRun))
    ).rejects.toThrow(/'run-id' input is required/);
  });

  it('refuses an event it cannot read a run from', async () => {
    await expect(resolveRun('push', {}, undefined, 'o', 'r', githubWithRun({} as FailedRun))).rejects.toThrow(
      /does not know which run to heal on a 'push' event/
    );
  });

  describe('a malformed workflow_run payload is an error naming the field, never a run to gate', () => {
    const good = (): Record<string, unknown> => {
      const payload = structuredClone(workflowRunExamples.find(e => e.action === 'completed')!);
      (payload.workflow_run as Record<string, unknown>).conclusion = 'failure';
      return payload;
    };
    const resolve = (payload: Record<string, unknown>): Promise<FailedRun> =>
      resolveRun('workflow_run', payload, undefined, 'o', 'r', githubWithRun({} as FailedRun));

    it.each<[string, (wr: Record<string, unknown>) => void, RegExp]>([
      ['a non-numeric id', wr => (wr.id = 'abc'), /workflow_run\.id is "abc", not a positive integer/],
      ['a numeric string id', wr => (wr.id = '42'), /workflow_run\.id is "42", not a positive integer/],
      ['a zero id', wr => (wr.id = 0), /workflow_run\.id is 0, not a positive integer/],
      ['a fractional id', wr => (wr.id = 1.5), /workflow_run\.id is 1\.5/],
      ['a bad run_attempt', wr => (wr.run_attempt = -1), /workflow_run\.run_attempt is -1/],
      ['no head_sha', wr => delete wr.head_sha, /workflow_run\.head_sha is undefined, not a commit sha/],
      [
        'a head_sha that is an option',
        wr => (wr.head_sha = '--upload-pack=x'),
        /head_sha is "--upload-pack=x"/
      ],
      ['a numeric conclusion', wr => (wr.conclusion = 1), /workflow_run\.conclusion is 1/],
      ['an object head_branch', wr => (wr.head_branch = {}), /workflow_run\.head_branch is \{\}/]
    ])('%s', async (_what, spoil, message) => {
      const payload = good();
      spoil(payload.workflow_run as Record<string, unknown>);
      await expect(resolve(payload)).rejects.toThrow(ResolveError);
      await expect(resolve(payload)).rejects.toThrow(message);
    });

    it.each([
      ['missing', undefined],
      ['null', null],
      ['an array', [1]],
      ['a string', '123']
    ])('workflow_run %s', async (_what, value) => {
      const payload = good();
      if (value === undefined) delete payload.workflow_run;
      else payload.workflow_run = value;
      await expect(resolve(payload)).rejects.toThrow(/has no workflow_run object .*'run-id' input/);
    });

    it('a sound payload of an in-progress run still resolves (the gate then says why it is not acted on)', async () => {
      const payload = good();
      const wr = payload.workflow_run as Record<string, unknown>;
      wr.conclusion = null;
      const run = await resolve(payload);
      expect(run.conclusion).toBeNull();
    });
  });
});
