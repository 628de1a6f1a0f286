import AdmZip from 'adm-zip';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStateStore as Store, StateArtifactClient } from '../../src/state/artifact-store.js';
import { recordRun } from '../../src/state/ledger.js';
import type { NightwatchState } from '../../src/state/port.js';
import { emptyState, serializeState } from '../../src/state/state.js';
import { serializeBatch } from '../../src/state/events.js';
import { recordHeal } from '../../src/pipeline/record.js';
import type { HealStatus, Triage } from '../../src/types.js';
import { ArtifactService } from '../world/artifact-service.js';
import { GitHubApi } from '../world/github-api.js';

const TOKEN = 'ghs_state_token';
const WORKFLOW = '.github/workflows/nightwatch.yml';
const WORKFLOW_REF = `acme/calc/${WORKFLOW}@refs/heads/main`;

function zipOf(files: Record<string, string>): Buffer {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text, 'utf8'));
  return zip.toBuffer();
}

function sample(runId: number): NightwatchState {
  return recordRun(emptyState(), {
    runId,
    runAttempt: 1,
    fingerprint: `fp${runId}`,
    status: 'fixed',
    category: 'test',
    at: '2026-01-01T00:00:00Z'
  });
}

describe('state/artifact-store', () => {
  let api: GitHubApi;
  let service: ArtifactService;
  let ArtifactStateStore: typeof Store;
  let warnings: string[];
  let tmp: string;
  const saved = {
    api: process.env.GITHUB_API_URL,
    results: process.env.ACTIONS_RESULTS_URL,
    runtime: process.env.ACTIONS_RUNTIME_TOKEN
  };

  beforeAll(async () => {
    api = new GitHubApi({ token: TOKEN });
    await api.start();
    service = new ArtifactService({ store: api.artifacts });
    await service.start();
    process.env.ACTIONS_RESULTS_URL = service.url;
    // The artifact client's public download builds its own Octokit from GITHUB_API_URL, read when
    // @actions/github is first loaded: set it before the store (and so @actions/github) is imported.
    process.env.GITHUB_API_URL = api.url;
    ({ ArtifactStateStore } = await import('../../src/state/artifact-store.js'));
  });

  afterAll(async () => {
    await api.stop();
    await service.stop();
    restore('GITHUB_API_URL', saved.api);
    restore('ACTIONS_RESULTS_URL', saved.results);
    restore('ACTIONS_RUNTIME_TOKEN', saved.runtime);
  });

  beforeEach(async () => {
    warnings = [];
    tmp = await fs.mkdtemp(join(tmpdir(), 'nw-artifact-store-'));
    api.repos.splice(0);
    api.artifacts.artifacts.splice(0);
    api.runs.splice(0);
    api.clearFaults();
    api.addRepo({ owner: 'acme', name: 'calc' });
  });

  /** A run of Nightwatch's own workflow in acme/calc (or of `workflow`, from `headRepository`). */
  function run(
    id: number,
    more: { workflow?: string; headRepository?: { owner: string; name: string } } = {}
  ): void {
    if (!api.runs.some(r => r.id === id))
      api.addRun({
        owner: 'acme',
        repo: 'calc',
        id,
        workflow: more.workflow ?? WORKFLOW,
        headSha: 'a'.repeat(40),
        event: more.headRepository ? 'pull_request' : 'workflow_run',
        headRepository: more.headRepository
      });
  }

  /** A state artifact uploaded by a run of Nightwatch's own workflow. */
  function ownArtifact(a: Parameters<GitHubApi['addArtifact']>[0]): void {
    run(a.runId);
    api.addArtifact(a);
  }

  afterEach(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  function restore(key: string, value: string | undefined): void {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }

  /** A store for run `runId`, with the runner's runtime token for that run in the environment. */
  function storeOfRun(runId: number): Store {
    run(runId);
    process.env.ACTIONS_RUNTIME_TOKEN = service.runtimeToken({ owner: 'acme', repo: 'calc', runId });
    return new ArtifactStateStore({
      token: TOKEN,
      owner: 'acme',
      repo: 'calc',
      apiBaseUrl: api.url,
      runId,
      workflowRef: WORKFLOW_REF,
      tempDir: tmp,
      retryAfterBaseMs: 10,
      log: { debug: () => undefined, info: () => undefined, warning: m => warnings.push(m) }
    });
  }

  /** A heal of `runId` recorded as that run's events. */
  function healed(
    state: NightwatchState,
    runId: number,
    fingerprint: string,
    status = 'escalated'
  ): NightwatchState {
    return recordHeal(state, {
      runId,
      runAttempt: 1,
      status: status as HealStatus,
      attempts: 0,
      triage: { fingerprint, category: 'test' } as Triage
    });
  }

  it('round-trips the state across runs: each run uploads its own events and snapshot, never replacing one', async () => {
    const first = storeOfRun(6001);
    const s0 = await first.load();
    expect(s0).toEqual(emptyState());
    const s1 = healed(s0, 6001, 'fpA');
    await first.save(s1);
    const uploaded = api.artifacts.forRepo('acme', 'calc');
    expect(uploaded.map(a => [a.name, a.runId])).toEqual([['nightwatch-events-6001-1', 6001]]);
    expect(
      new AdmZip(uploaded[0]!.data)
        .getEntries()
        .map(e => e.entryName)
        .sort()
    ).toEqual(['events.json', 'state.json']);

    const second = storeOfRun(6002);
    const loaded = await second.load();
    expect(loaded.ledger.map(e => [e.runId, e.fingerprint, e.status])).toEqual([[6001, 'fpA', 'escalated']]);
    expect(loaded.metrics.runs).toBe(1);
    expect(loaded.pending).toBeUndefined();
    const s2 = healed(loaded, 6002, 'fpA', 'fixed');
    await second.save(s2);
    // A second save in the same run uploads only the new events, under the next free name.
    await second.save(healed(s2, 6002, 'fpB', 'skipped'));
    expect(
      api.artifacts
        .forRepo('acme', 'calc')
        .map(a => a.name)
        .sort()
    ).toEqual(['nightwatch-events-6001-1', 'nightwatch-events-6002-1', 'nightwatch-events-6002-1-2']);

    const third = await storeOfRun(6003).load();
    expect(third.metrics).toMatchObject({ runs: 3, fixed: 1, escalated: 1, skipped: 1 });
    expect(third.fingerprints.fpA?.count).toBe(2);
    expect(Object.keys(third.folded).sort()).toEqual([
      'nightwatch-events-6001-1',
      'nightwatch-events-6002-1',
      'nightwatch-events-6002-1-2'
    ]);
    expect(warnings).toEqual([]);
  });

  it('two runs at once (same loaded state, different fingerprints) both count, and count once', async () => {
    await storeOfRun(7000).save(healed(emptyState(), 7000, 'base'));
    const a = storeOfRun(7001);
    const b = storeOfRun(7002);
    const [la, lb] = [await a.load(), await b.load()];
    await a.save(healed(la, 7001, 'onMain', 'fixed'));
    await b.save(healed(lb, 7002, 'onFeature', 'escalated'));
    // The newest snapshot (7002's) has not folded 7001's events: they are folded from 7001's batch.
    const next = storeOfRun(7003);
    const merged = await next.load();
    expect(merged.ledger.map(e => e.runId).sort()).toEqual([7000, 7001, 7002]);
    expect(merged.metrics.runs).toBe(3);
    expect(
      merged.audit
        .filter(e => e.action === 'heal')
        .map(e => e.runId)
        .sort()
    ).toEqual([7000, 7001, 7002]);
    // Saved again and loaded again: nothing counts twice.
    await next.save(healed(merged, 7003, 'base'));
    const again = await storeOfRun(7004).load();
    expect(again.metrics.runs).toBe(4);
    expect(again.fingerprints.base?.count).toBe(2);
  });

  it('saves nothing when the run added no event (a skipped run leaves no trace)', async () => {
    const s = storeOfRun(6101);
    await s.save(await s.load());
    expect(api.artifacts.forRepo('acme', 'calc')).toEqual([]);
  });

  it('folds a batch with a corrupt snapshot beside it, and skips a corrupt batch with a warning', async () => {
    const good = storeOfRun(6201);
    await good.save(healed(emptyState(), 6201, 'fpG'));
    ownArtifact({
      owner: 'acme',
      repo: 'calc',
      runId: 6202,
      name: 'nightwatch-events-6202-1',
      data: zipOf({
        'events.json': '{"version": 1, "events": [{"type": "nope", "at": "2026-01-01T00:00:00Z"}]}'
      })
    });
    const loaded = await storeOfRun(6203).load();
    expect(loaded.ledger.map(e => e.runId)).toEqual([6201]);
    expect(warnings.join('\n')).toMatch(
      /Ignoring the events of artifact \d+: .*not an event Nightwatch writes/
    );
  });

  it('reads events only within the retention window', async () => {
    ownArtifact({
      owner: 'acme',
      repo: 'calc',
      runId: 6301,
      name: 'nightwatch-events-6301-1',
      createdAt: new Date(Date.now() - 40 * 24 * 3600 * 1000),
      data: zipOf({ 'events.json': serializeBatch(healed(emptyState(), 6301, 'old').pending ?? []) })
    });
    expect((await storeOfRun(6302).load()).ledger).toEqual([]);
  });

  function store(client?: StateArtifactClient, workflowRef: string | null = WORKFLOW_REF): Store {
    return new ArtifactStateStore({
      token: TOKEN,
      owner: 'acme',
      repo: 'calc',
      apiBaseUrl: api.url,
      runId: 5000,
      workflowRef: workflowRef ?? undefined,
      tempDir: tmp,
      retryAfterBaseMs: 10,
      client,
      log: { debug: () => undefined, info: () => undefined, warning: m => warnings.push(m) }
    });
  }

  it('starts empty when no state artifact exists', async () => {
    expect(await store().load()).toEqual(emptyState());
    expect(warnings).toEqual([]);
  });

  it('loads the newest unexpired legacy nightwatch-state artifact as the snapshot, through the real client', async () => {
    const old = sample(1);
    const newest = sample(2);
    ownArtifact({
      owner: 'acme',
      repo: 'calc',
      runId: 101,
      name: 'nightwatch-state',
      data: zipOf({ 'state.json': serializeState(old) }),
      createdAt: new Date('2026-01-01T00:00:00Z')
    });
    ownArtifact({
      owner: 'acme',
      repo: 'calc',
      runId: 102,
      name: 'nightwatch-state',
      data: zipOf({ 'state.json': serializeState(newest) }),
      createdAt: new Date('2026-01-02T00:00:00Z')
    });
    ownArtifact({
      owner: 'acme',
      repo: 'calc',
      runId: 103,
      name: 'nightwatch-state',
      data: zipOf({ 'state.json': serializeState(sample(3)) }),
      createdAt: new Date('2026-01-03T00:00:00Z'),
      expired: true
    });
    ownArtifact({
      owner: 'acme',
      repo: 'calc',
      runId: 104,
      name: 'something-else',
      data: zipOf({ 'state.json': '{}' }),
      createdAt: new Date('2026-01-04T00:00:00Z')
    });
    expect(await store().load()).toEqual(newest);
    expect(warnings).toEqual([]);
  });

  it('warns about a corrupt newest state and falls back to the one before it', async () => {
    const good = sample(7);
    ownArtifact({
      owner: 'acme',
      repo: 'calc',
      runId: 201,
      name: 'nightwatch-state',
      data: zipOf({ 'state.json': serializeState(good) }),
      createdAt: new Date('2026-02-01T00:00:00Z')
    });
    ownArtifact({
      owner: 'acme',
      repo: 'calc',
      runId: 202,
      name: 'nightwatch-state',
      data: zipOf({ 'state.json': '{"version": 1, "ledger": "oops"' }),
      createdAt: new Date('2026-02-02T00:00:00Z')
    });
    expect(await store().load()).toEqual(good);
    expect(warnings.join('\n')).toMatch(/Ignoring state artifact \d+: state is not JSON/);
  });

  it('starts empty, never crashing, when every state artifact is unreadable', async () => {
    ownArtifact({
      owner: 'acme',
      repo: 'calc',
      runId: 301,
      name: 'nightwatch-state',
      data: zipOf({ 'other.txt': 'x' }),
      createdAt: new Date('2026-03-01T00:00:00Z')
    });
    ownArtifact({
      owner: 'acme',
      repo: 'calc',
      runId: 302,
      name: 'nightwatch-state',
      data: zipOf({ 'state.json': '{"version": 99}' }),
      createdAt: new Date('2026-03-02T00:00:00Z')
    });
    expect(await store().load()).toEqual(emptyState());
    expect(warnings.join('\n')).toMatch(/unsupported state version 99/);
    expect(warnings.join('\n')).toMatch(/No readable state snapshot/);
  });

  it('saves its events without a snapshot when it could not list the state (API down), so no history is hidden', async () => {
    const uploads: { name: string; files: string[] }[] = [];
    const client: StateArtifactClient = {
      uploadArtifact: async (name, files) => {
        uploads.push({ name, files: files.map(f => f.split('/').pop()!) });
        return { id: 1 };
      },
      downloadArtifact: async () => ({}),
      deleteArtifact: async () => ({ id: 1 })
    };
    api.failNext({ method: 'GET', path: /\/actions\/artifacts$/, status: 500, times: 10 });
    const s = store(client);
    const loaded = await s.load();
    expect(loaded).toEqual(emptyState());
    await s.save(healed(loaded, 5000, 'fp9'));
    expect(uploads).toEqual([{ name: 'nightwatch-events-5000-1', files: ['events.json'] }]);
    expect(warnings.join('\n')).toMatch(/without a snapshot/);
  });

  it("takes the next free name when this run's name is taken (a second job of the run), replacing nothing", async () => {
    const seen: { name: string; retention?: number; text: string }[] = [];
    let deleted = 0;
    const client: StateArtifactClient = {
      uploadArtifact: async (name, files, root, options) => {
        if (seen.length === 0) {
          seen.push({ name, retention: options?.retentionDays, text: '' });
          throw new Error(
            'Failed to CreateArtifact: an artifact with this name already exists on the workflow run'
          );
        }
        expect(files[0]).toBe(join(root, 'events.json'));
        seen.push({ name, retention: options?.retentionDays, text: await fs.readFile(files[0]!, 'utf8') });
        return { id: 42 };
      },
      downloadArtifact: async () => ({}),
      deleteArtifact: async () => {
        deleted++;
        return { id: 41 };
      }
    };
    const state = healed(emptyState(), 11, 'fp11');
    await store(client).save(state);
    expect(deleted).toBe(0);
    expect(seen.map(x => [x.name, x.retention])).toEqual([
      ['nightwatch-events-5000-1', 90],
      ['nightwatch-events-5000-1-2', 90]
    ]);
    expect(JSON.parse(seen[1]!.text)).toEqual({ version: 1, events: state.pending });
    // the temp folder is gone afterwards
    expect(await fs.readdir(tmp)).toEqual([]);
  });

  describe('trust: only state written by this workflow in this repository is loaded', () => {
    const at = (day: number): Date => new Date(Date.UTC(2026, 4, day));
    const planted = (): NightwatchState => ({
      ...sample(666),
      breaker: { consecutiveFailures: 99, openUntil: '2099-01-01T00:00:00Z' }
    });

    it("ignores a newer state from a fork's run and from another workflow, naming each run", async () => {
      const genuine = sample(1);
      ownArtifact({
        owner: 'acme',
        repo: 'calc',
        runId: 4001,
        name: 'nightwatch-state',
        data: zipOf({ 'state.json': serializeState(genuine) }),
        createdAt: at(1)
      });
      // A fork's pull request that edited nightwatch.yml itself: same workflow path, fork as head.
      run(4002, { headRepository: { owner: 'mallory', name: 'calc' } });
      api.addArtifact({
        owner: 'acme',
        repo: 'calc',
        runId: 4002,
        name: 'nightwatch-state',
        data: zipOf({ 'state.json': serializeState(planted()) }),
        createdAt: at(2)
      });
      // Another workflow of the repository.
      run(4003, { workflow: '.github/workflows/ci.yml' });
      api.addArtifact({
        owner: 'acme',
        repo: 'calc',
        runId: 4003,
        name: 'nightwatch-state',
        data: zipOf({ 'state.json': serializeState(planted()) }),
        createdAt: at(3)
      });
      // A run the API does not know in this repository.
      api.addArtifact({
        owner: 'acme',
        repo: 'calc',
        runId: 4004,
        name: 'nightwatch-state',
        data: zipOf({ 'state.json': serializeState(planted()) }),
        createdAt: at(4)
      });
      const before = api.requests.length;
      expect(await store().load()).toEqual(genuine);
      const text = warnings.join('\n');
      expect(text).toMatch(/of run 4002: run 4002 ran code from another repository \(a fork/);
      expect(text).toMatch(
        /of run 4003: run 4003 is a run of \.github\/workflows\/ci\.yml, not of \.github\/workflows\/nightwatch\.yml/
      );
      expect(text).toMatch(/of run 4004: run 4004 is not a run of this repository/);
      expect(warnings).toHaveLength(3);
      // The fork's artifact was refused from the listing alone; the others needed their run.
      const runReads = api.requests
        .slice(before)
        .filter(r => /^\/repos\/acme\/calc\/actions\/runs\/\d+$/.test(r.path));
      expect(runReads.map(r => r.path.split('/').pop()).sort()).toEqual(['4001', '4003', '4004']);
    });

    it('finds the genuine state behind a page full of planted ones, with a bounded number of warnings', async () => {
      const genuine = sample(2);
      ownArtifact({
        owner: 'acme',
        repo: 'calc',
        runId: 4100,
        name: 'nightwatch-state',
        data: zipOf({ 'state.json': serializeState(genuine) }),
        createdAt: at(1)
      });
      run(4101, { headRepository: { owner: 'mallory', name: 'calc' } });
      const data = zipOf({ 'state.json': serializeState(planted()) });
      // Names are unique per run only through the results service; REST lists whatever exists.
      for (let i = 0; i < 130; i++)
        api.addArtifact({
          owner: 'acme',
          repo: 'calc',
          runId: 4101,
          name: 'nightwatch-state',
          data,
          createdAt: at(2)
        });
      expect(await store().load()).toEqual(genuine);
      expect(warnings).toHaveLength(11);
      expect(warnings[10]).toMatch(/Ignored 120 more state artifacts/);
    });

    it('loads nothing, and saves its events without a snapshot, when the running workflow is unknown (no GITHUB_WORKFLOW_REF)', async () => {
      ownArtifact({
        owner: 'acme',
        repo: 'calc',
        runId: 4200,
        name: 'nightwatch-state',
        data: zipOf({ 'state.json': serializeState(sample(3)) }),
        createdAt: at(1)
      });
      const uploads: string[] = [];
      const client: StateArtifactClient = {
        uploadArtifact: async name => {
          uploads.push(name);
          return { id: 1 };
        },
        downloadArtifact: async () => ({}),
        deleteArtifact: async () => ({ id: 1 })
      };
      const s = store(client, null);
      expect(await s.load()).toEqual(emptyState());
      await s.save(healed(emptyState(), 4, 'fp4'));
      expect(uploads).toEqual(['nightwatch-events-5000-1']);
      expect(warnings.join('\n')).toMatch(/GITHUB_WORKFLOW_REF is not set/);
    });

    it("refuses a GITHUB_WORKFLOW_REF of another repository's workflow", async () => {
      ownArtifact({
        owner: 'acme',
        repo: 'calc',
        runId: 4300,
        name: 'nightwatch-state',
        data: zipOf({ 'state.json': serializeState(sample(5)) }),
        createdAt: at(1)
      });
      expect(await store(undefined, `mallory/calc/${WORKFLOW}@refs/heads/main`).load()).toEqual(emptyState());
      expect(warnings.join('\n')).toMatch(/does not name a workflow of acme\/calc/);
    });
  });
});
