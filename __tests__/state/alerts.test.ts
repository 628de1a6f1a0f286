/**
 * Alerts about Nightwatch itself (state/alerts.ts, pipeline/notify.ts): which warnings are failures of
 * Nightwatch itself, and each kind told once per UTC day through a real Slack-like receiver and a
 * real file store, remembered across runs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertSelfFailures } from '../../src/pipeline/notify.js';
import { alertedToday, classifySelfFailure, recordAlert, selfFailures } from '../../src/state/alerts.js';
import { parseBatch, prune, serializeBatch } from '../../src/state/events.js';
import { FileStateStore } from '../../src/state/file-store.js';
import { emptyState, parseState, serializeState } from '../../src/state/state.js';

describe('state/alerts', () => {
  it('knows the failures of Nightwatch itself from what the pipeline says, and nothing else', () => {
    expect(
      classifySelfFailure('Cannot reproduce: the Docker daemon is not reachable (x). Nightwatch diagnosed')
    ).toBe('docker-unavailable');
    expect(classifySelfFailure('Could not save the state: 500')).toBe('state-unsaved');
    expect(classifySelfFailure('The app-token was refused (expired or revoked?). Bad credentials')).toBe(
      'token-refused'
    );
    expect(classifySelfFailure('Run 5 is not a run of acme/x', 'ResolveError')).toBe('run-unresolved');
    expect(
      classifySelfFailure(
        'Not Found - https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run',
        'HttpError'
      )
    ).toBe('run-unresolved');
    // A failure of the code under repair is not one of Nightwatch's own.
    expect(classifySelfFailure('Cannot reproduce: the tests passed')).toBeUndefined();
    expect(classifySelfFailure('AssertionError: Could not save the state')).toBeUndefined();
    expect(
      selfFailures(['Could not save the state: a', 'Could not save the state: b', 'unrelated'], {
        message: 'Bad credentials'
      })
    ).toEqual([
      { kind: 'state-unsaved', message: 'Could not save the state: a' },
      { kind: 'token-refused', message: 'Bad credentials' }
    ]);
  });

  it('remembers the day an alert was told: in a batch, a snapshot, and pruned after two days', () => {
    const morning = new Date('2026-06-30T08:00:00Z');
    const s = recordAlert(emptyState(), 'docker-unavailable', morning);
    expect(alertedToday(s, 'docker-unavailable', new Date('2026-06-30T23:59:00Z'))).toBe(
      morning.toISOString()
    );
    expect(alertedToday(s, 'docker-unavailable', new Date('2026-07-01T00:01:00Z'))).toBeUndefined();
    expect(alertedToday(s, 'token-refused', morning)).toBeUndefined();
    expect(parseBatch(serializeBatch(s.pending ?? []))).toEqual(s.pending);
    expect(parseState(serializeState(s)).alerts).toEqual({ 'docker-unavailable': morning.toISOString() });
    expect(prune(s, new Date('2026-07-03T00:00:00Z')).alerts).toEqual({});
    expect(() =>
      parseBatch(serializeBatch([{ type: 'alert', at: morning.toISOString(), kind: '<script>' }]))
    ).toThrow(/kind must be an alert kind/);
  });
});

describe('alertSelfFailures', () => {
  let server: Server;
  let posts: string[];
  let dir: string;
  beforeEach(async () => {
    posts = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        posts.push((JSON.parse(body) as { text: string }).text);
        res.end('ok');
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    dir = await mkdtemp(join(tmpdir(), 'nw-alerts-'));
  });
  afterEach(async () => {
    await new Promise<void>(r => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  it('tells Slack once per kind per day across runs; the summary of every run lists its own', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T/B/X`;
    const failures = [
      { kind: 'docker-unavailable' as const, message: 'Cannot reproduce: Docker daemon not reachable' }
    ];
    const log = { info: () => undefined, warning: () => undefined };
    const now = new Date();
    const first = await alertSelfFailures({
      failures,
      store: new FileStateStore(dir),
      slackWebhookUrl: url,
      repository: 'acme/x',
      log,
      now
    });
    const second = await alertSelfFailures({
      failures,
      store: new FileStateStore(dir),
      slackWebhookUrl: url,
      repository: 'acme/x',
      log,
      now
    });
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatch(/Nightwatch itself failed in acme\/x: Docker is not available/);
    expect(first).toMatch(/docker-unavailable.*alerted on Slack/);
    expect(second).toMatch(/docker-unavailable.*already alerted today/);
    // Another kind the same day is told.
    await alertSelfFailures({
      failures: [{ kind: 'state-unsaved', message: 'Could not save the state: 503' }],
      store: new FileStateStore(dir),
      slackWebhookUrl: url,
      repository: 'acme/x',
      log,
      now
    });
    expect(posts).toHaveLength(2);
    expect(
      await alertSelfFailures({ failures: [], store: new FileStateStore(dir), repository: 'acme/x', log })
    ).toBe('');
  });
});
