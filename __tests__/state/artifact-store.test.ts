import AdmZip from 'adm-zip';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStateStore as Store, StateArtifactClient } from '../../src/state/artifact-store.js';
import { recordRun } from '../../src/state/ledger.js';
import type { NightwatchState } from '../../src/state/port.js';
import { emptyState, serializeState } from '../../src/state/state.js';
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

  it('round-trips the state across runs through the real artifact client and the results service', async () => {
    const first = storeOfRun(6001);
    const s0 = await first.load();
    expect(s0).toEqual(emptyState());
    const s1 = recordRun(s0, {
      runId: 6001,
      runAttempt: 1,
      fingerprint: 'fpA',
      status: 'escalated',
      category: 'test'
    });
    await first.save(s1);
    const uploaded = api.artifacts.forRepo('acme', 'calc');
    expect(uploaded.map(a => [a.name, a.runId])).toEqual([['nightwatch-state', 6001]]);
    expect(service.calls.map(c => c.method)).toEqual(
      expect.arrayContaining(['CreateArtifact', 'FinalizeArtifact'])
    );

    const second = storeOfRun(6002);
    const loaded = await second.load();
    expect(loaded).toEqual(s1);
    const s2 = recordRun(loaded, {
      runId: 6002,
      runAttempt: 1,
      fingerprint: 'fpA',
      status: 'fixed',
      category: 'test'
    });
    await second.save(s2);
    // A second save in the same run replaces that run's artifact (names are unique per run).
    const s2b = recordRun(s2, {
      runId: 6002,
      runAttempt: 2,
      fingerprint: 'fpB',
      status: 'skipped',
      category: 'infra'
    });
    await second.save(s2b);
    expect(
      api.artifacts
        .forRepo('acme', 'calc')
        .map(a => a.runId)
        .sort()
    ).toEqual([6001, 6002]);

    const third = storeOfRun(6003);
    expect(await third.load()).toEqual(s2b);
    expect(warnings).toEqual([]);
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

  it('loads the newest unexpired nightwatch-state artifact of the repository through the real client', async () => {
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
    expect(
      api.requests.some(
        r => r.path === '/repos/acme/calc/actions/artifacts' && r.query.name === 'nightwatch-state'
      )
    ).toBe(true);
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
    expect(warnings.join('\n')).toMatch(/No readable state artifact/);
  });

  it('does not save over a state it could not list (API down), so history is not erased', async () => {
    const uploads: string[] = [];
    const client: StateArtifactClient = {
      uploadArtifact: async name => {
        uploads.push(name);
        return { id: 1 };
      },
      downloadArtifact: async () => ({}),
      deleteArtifact: async () => ({ id: 1 })
    };
    api.failNext({ method: 'GET', path: /\/actions\/artifacts$/, status: 500, times: 10 });
    const s = store(client);
    expect(await s.load()).toEqual(emptyState());
    await s.save(sample(9));
    expect(uploads).toEqual([]);
    expect(warnings.join('\n')).toMatch(/Not saving the state/);
  });

  it("uploads state.json as nightwatch-state, replacing this run's earlier one on a name conflict", async () => {
    const seen: { name: string; files: string[]; root: string; retention?: number; text: string }[] = [];
    let deleted = 0;
    const client: StateArtifactClient = {
      uploadArtifact: async (name, files, root, options) => {
        if (seen.length === 0 && deleted === 0) {
          seen.push({ name, files, root, retention: options?.retentionDays, text: '' });
          throw new Error(
            'Failed to CreateArtifact: an artifact with this name already exists on the workflow run'
          );
        }
        seen.push({
          name,
          files,
          root,
          retention: options?.retentionDays,
          text: await fs.readFile(files[0]!, 'utf8')
        });
        return { id: 42 };
      },
      downloadArtifact: async () => ({}),
      deleteArtifact: async () => {
        deleted++;
        return { id: 41 };
      }
    };
    const state = sample(11);
    await store(client).save(state);
    expect(deleted).toBe(1);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatchObject({ name: 'nightwatch-state', retention: 90 });
    expect(seen[1]?.files[0]).toBe(join(seen[1]!.root, 'state.json'));
    expect(JSON.parse(seen[1]!.text)).toEqual(state);
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

    it('loads nothing and saves nothing when the running workflow is unknown (no GITHUB_WORKFLOW_REF)', async () => {
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
      await s.save(sample(4));
      expect(uploads).toEqual([]);
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
