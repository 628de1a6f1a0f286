import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitHubApi } from './github-api.js';
import {
  REPO_ROOT,
  actionDefaults,
  inputEnvName,
  parseCommandFile,
  runAction,
  workflowDispatchEvent,
  workflowRunEvent
} from './harness.js';

const ECHO = join(REPO_ROOT, '__tests__', 'world', 'fixtures', 'echo-action.mjs');

describe('harness', () => {
  it('names inputs as @actions/core getInput reads them', () => {
    expect(inputEnvName('run-id')).toBe('INPUT_RUN-ID');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
  });

  it('takes input defaults from action.yml with the job token substituted', () => {
    const d = actionDefaults('ghs_job');
    expect(d['github-token']).toBe('ghs_job');
    expect(d.mode).toBe('fix');
  });

  it('parses the heredoc and key=value forms of GITHUB_OUTPUT', () => {
    expect(parseCommandFile('a<<ghadelimiter_1\nx\ny\nghadelimiter_1\nb=2\n')).toEqual({ a: 'x\ny', b: '2' });
    expect(() => parseCommandFile('a<<EOF\nnever closed\n')).toThrow(/unterminated/);
  });

  it('runs an action with the runner environment and reads back outputs, summary and annotations', async () => {
    const api = new GitHubApi();
    await api.start();
    const ws = await mkdtemp(join(tmpdir(), 'nw-ws-'));
    try {
      api.addRepo({ owner: 'acme', name: 'widgets' });
      const run = api.addRun({ owner: 'acme', repo: 'widgets', id: 31337, headSha: 'e'.repeat(40) });
      const payload = workflowRunEvent({ api, runId: run.id });
      const r = await runAction({
        entry: ECHO,
        eventName: 'workflow_run',
        eventPayload: payload,
        inputs: { 'run-id': '31337' },
        apiUrl: api.url,
        serverUrl: 'http://github.localhost:1',
        resultsUrl: 'http://127.0.0.1:1',
        runtimeToken: 'jwt',
        geminiBaseUrl: 'http://127.0.0.1:2',
        token: 'ghs_job',
        workspace: ws,
        extraEnv: { EXPECTED_TOKEN: 'ghs_job' }
      });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      expect(r.outputs).toMatchObject({
        mode: 'fix',
        'run-id': '31337',
        'token-is-job-token': 'true',
        event: 'workflow_run',
        repo: 'acme/widgets',
        'payload-run-id': '31337',
        'api-url': api.url,
        multiline: 'line one\nline two'
      });
      expect(JSON.parse(r.outputs.diagnosis)).toEqual({ rootCause: 'a - b', confidence: 0.9 });
      const env = JSON.parse(r.outputs.env) as Record<string, string>;
      expect(env).toMatchObject({
        runId: '1000001',
        results: 'http://127.0.0.1:1/',
        runtime: 'jwt',
        gemini: 'http://127.0.0.1:2',
        workspace: ws
      });
      expect(await realpath(env.cwd)).toBe(await realpath(ws));
      expect(r.summary).toContain('<h1>Nightwatch</h1>');
      expect(r.annotations).toEqual([
        {
          command: 'error',
          properties: { title: 'pytest', file: 'calc.py', line: '3' },
          message: 'assertion failed'
        }
      ]);
      expect(r.masks).toEqual(['ghs_job']);
    } finally {
      await api.stop();
      await rm(ws, { recursive: true, force: true });
    }
  });

  it('refuses a server URL that would make the artifact client take the world for GHES', async () => {
    await expect(
      runAction({
        entry: ECHO,
        eventName: 'workflow_dispatch',
        eventPayload: {},
        apiUrl: 'http://127.0.0.1:1',
        serverUrl: 'http://127.0.0.1:2',
        resultsUrl: 'http://127.0.0.1:3'
      })
    ).rejects.toThrow(/GHES/);
  });

  it('reports a failing action by its exit code', async () => {
    const r = await runAction({
      entry: ECHO,
      eventName: 'workflow_dispatch',
      eventPayload: workflowDispatchEvent({ inputs: { 'run-id': '5' } }),
      inputs: { fail: 'true' },
      apiUrl: 'http://127.0.0.1:1',
      serverUrl: 'http://127.0.0.1:1'
    });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('::error::asked to fail');
    expect(JSON.parse(r.outputs['payload-inputs'])).toEqual({ 'run-id': '5' });
  });

  it("builds workflow_run payloads from the real example with the emulator's run", async () => {
    const api = new GitHubApi();
    await api.start();
    try {
      api.addRepo({ owner: 'acme', name: 'widgets' });
      api.addRun({
        owner: 'acme',
        repo: 'widgets',
        id: 9,
        headSha: 'f'.repeat(40),
        headBranch: 'feat',
        event: 'pull_request',
        pullRequests: [{ number: 3, headRef: 'feat', headSha: 'f'.repeat(40), baseRef: 'main' }]
      });
      const p = workflowRunEvent({ api, runId: 9 }) as {
        action: string;
        workflow_run: Record<string, unknown>;
        repository: Record<string, unknown>;
        workflow: Record<string, unknown>;
      };
      expect(p.action).toBe('completed');
      expect(p.workflow_run).toMatchObject({
        id: 9,
        conclusion: 'failure',
        head_branch: 'feat',
        head_sha: 'f'.repeat(40),
        event: 'pull_request',
        path: '.github/workflows/ci.yml'
      });
      expect((p.workflow_run.pull_requests as { number: number }[])[0].number).toBe(3);
      expect(p.repository.full_name).toBe('acme/widgets');
      expect(p.workflow.path).toBe('.github/workflows/ci.yml');
      expect(JSON.stringify(p)).not.toContain('octo-org/octo-repo');

      const offline = workflowRunEvent({ repository: 'x/y', workflowRun: { id: 5, head_branch: 'b' } }) as {
        workflow_run: Record<string, unknown>;
      };
      expect(offline.workflow_run).toMatchObject({ id: 5, head_branch: 'b', conclusion: 'failure' });
    } finally {
      await api.stop();
    }
  });
});
