import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notificationText, notifySlack } from '../../src/pipeline/notify.js';
import type { PipelineResult } from '../../src/pipeline/context.js';
import type { Outcome } from '../../src/types.js';

const result = (outcome: Outcome): PipelineResult => ({
  status: outcome.kind === 'error' ? 'error' : 'fixed',
  outcome,
  run: {
    runId: 42,
    runAttempt: 1,
    workflow: 'CI',
    headBranch: 'main',
    headSha: 'a'.repeat(40),
    conclusion: 'failure',
    event: 'push',
    isFork: false,
    htmlUrl: 'https://github.com/acme/calc/actions/runs/42'
  } as PipelineResult['run'],
  attempts: 1,
  refusals: []
});

describe('notificationText', () => {
  it.each<[Outcome, RegExp]>([
    [
      { kind: 'fixed', branch: 'nightwatch/fix-1', prUrl: 'https://x/pull/3' },
      /fixed run 42 .*https:\/\/x\/pull\/3/
    ],
    [
      { kind: 'escalated', reason: 'no fix', issueUrl: 'https://x/issues/4' },
      /could not fix .*no fix.*issues\/4/
    ],
    [{ kind: 'rerun', jobs: [1] }, /re-ran the failed jobs/],
    [{ kind: 'diagnosed' }, /diagnosed run 42/],
    [{ kind: 'skipped', reason: 'a fork' }, /skipped .*a fork/],
    [
      { kind: 'error', message: 'The app-token was refused' },
      /failed on run 42 .*app-token was refused.*job summary/
    ]
  ])('says what became of the run: %j', (outcome, text) => {
    expect(notificationText(result(outcome), 'acme/calc')).toMatch(text);
  });
});

describe('notifySlack (loopback webhook)', () => {
  let server: Server;
  let url: string;
  let status = 200;
  const bodies: string[] = [];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c.toString()));
      req.on('end', () => {
        bodies.push(b);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'invalid_token');
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0/B0/secret`;
  });
  afterAll(() => new Promise<void>(r => server.close(() => r())));

  it('posts the text as JSON and reports nothing when Slack takes it', async () => {
    expect(await notifySlack(url, 'hello')).toBeUndefined();
    expect(JSON.parse(bodies.at(-1) ?? '{}')).toEqual({ text: 'hello' });
  });

  it('returns what Slack answered, never throwing, without the URL (it is the credential)', async () => {
    status = 403;
    const problem = await notifySlack(url, 'x');
    expect(problem).toBe('Slack answered 403 invalid_token');
    status = 200;
    const unreachable = await notifySlack('http://127.0.0.1:1/services/T0/B0/secret', 'x', 2000);
    expect(unreachable).toMatch(/could not reach the Slack webhook/);
    expect(unreachable).not.toContain('secret');
  });
});
