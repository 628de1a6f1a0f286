import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactService } from './artifact-service.js';
import { ArtifactStore } from './artifact-store.js';
import { GitHubApi } from './github-api.js';

type ArtifactModule = typeof import('@actions/artifact');
type GithubModule = typeof import('@actions/github');

const TOKEN = 'ghs_artifacts';
const ENV_KEYS = [
  'GITHUB_API_URL',
  'GITHUB_SERVER_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_WORKSPACE'
];

describe('ArtifactService', () => {
  const saved: Record<string, string | undefined> = {};
  let store: ArtifactStore;
  let api: GitHubApi;
  let service: ArtifactService;
  let tmp: string;
  let artifact: ArtifactModule;
  let github: GithubModule;

  // The artifact client talks through @actions/core, which writes workflow commands to stdout: keep it quiet.
  const write = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    process.stdout.write = ((): boolean => true) as typeof process.stdout.write;
    for (const k of ENV_KEYS) saved[k] = process.env[k];
    store = new ArtifactStore();
    api = new GitHubApi({ token: TOKEN, artifacts: store });
    service = new ArtifactService({ store });
    await Promise.all([api.start(), service.start()]);
    tmp = await mkdtemp(join(tmpdir(), 'nw-artifacts-'));
    // @actions/github reads GITHUB_API_URL once, when it is first imported, and the artifact client's
    // findBy calls use that default: import both only after the variable is set, or they dial
    // api.github.com.
    process.env.GITHUB_API_URL = api.url;
    // The client refuses GHES: the server URL must be github.com or a *.localhost host (never dialled).
    process.env.GITHUB_SERVER_URL = 'http://github.localhost';
    process.env.ACTIONS_RESULTS_URL = service.url;
    process.env.GITHUB_WORKSPACE = tmp;
    github = await import('@actions/github');
    artifact = await import('@actions/artifact');
    api.addRepo({ owner: 'acme', name: 'widgets' });
    api.addRun({ owner: 'acme', repo: 'widgets', id: 101, headSha: 'a'.repeat(40) });
    api.addRun({ owner: 'acme', repo: 'widgets', id: 102, headSha: 'b'.repeat(40) });
  });

  afterAll(async () => {
    process.stdout.write = write;
    await Promise.all([api.stop(), service.stop()]);
    await rm(tmp, { recursive: true, force: true });
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('mints a runtime token whose scp claim carries the backend ids', () => {
    const jwt = service.runtimeToken({ owner: 'acme', repo: 'widgets', runId: 101 });
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { scp: string };
    expect(claims.scp).toMatch(/(^| )Actions\.Results:[0-9a-f-]{36}:[0-9a-f-]{36}( |$)/);
  });

  it('round-trips state: upload in run 101, list over REST, download in run 102 by findBy', async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = service.runtimeToken({ owner: 'acme', repo: 'widgets', runId: 101 });
    const client = new artifact.DefaultArtifactClient();
    const src = join(tmp, 'state');
    await mkdir(join(src, 'ledger'), { recursive: true });
    await writeFile(join(src, 'ledger', 'ledger.json'), JSON.stringify({ runs: [101] }));
    await writeFile(join(src, 'breaker.json'), '{"open":false}');
    const up = await client.uploadArtifact(
      'nightwatch-state',
      [join(src, 'ledger', 'ledger.json'), join(src, 'breaker.json')],
      src,
      { retentionDays: 90 }
    );
    expect(up.id).toBeGreaterThan(0);
    expect(up.size).toBeGreaterThan(0);
    expect(service.blobCalls.map(c => c.op)).toEqual(['block', 'blocklist']);
    expect(service.calls.map(c => c.method)).toEqual(['CreateArtifact', 'FinalizeArtifact']);

    const mine = await client.listArtifacts();
    expect(mine.artifacts.map(a => [a.id, a.name])).toEqual([[up.id, 'nightwatch-state']]);
    const got = await client.getArtifact('nightwatch-state');
    expect(got.artifact.id).toBe(up.id);

    const kit = github.getOctokit(TOKEN, { baseUrl: api.url });
    const rest = await kit.rest.actions.listArtifactsForRepo({
      owner: 'acme',
      repo: 'widgets',
      name: 'nightwatch-state'
    });
    expect(rest.data.artifacts).toHaveLength(1);
    expect(rest.data.artifacts[0]).toMatchObject({
      id: up.id,
      size_in_bytes: up.size,
      workflow_run: { id: 101, head_sha: 'a'.repeat(40) },
      digest: `sha256:${up.digest}`
    });
    expect(api.schemaViolations).toEqual([]);

    // A later run: its own token, and the earlier run's artifact found through the REST API.
    process.env.ACTIONS_RUNTIME_TOKEN = service.runtimeToken({ owner: 'acme', repo: 'widgets', runId: 102 });
    const later = new artifact.DefaultArtifactClient();
    expect((await later.listArtifacts()).artifacts).toEqual([]);
    const findBy = { token: TOKEN, workflowRunId: 101, repositoryOwner: 'acme', repositoryName: 'widgets' };
    const listed = await later.listArtifacts({ findBy });
    expect(listed.artifacts.map(a => a.name)).toEqual(['nightwatch-state']);
    const out = join(tmp, 'restored');
    const dl = await later.downloadArtifact(up.id!, { path: out, findBy });
    expect(dl.downloadPath).toBe(out);
    expect(JSON.parse(await readFile(join(out, 'ledger', 'ledger.json'), 'utf8'))).toEqual({ runs: [101] });
    expect(await readFile(join(out, 'breaker.json'), 'utf8')).toBe('{"open":false}');
  });

  it('downloads within the same run through GetSignedArtifactURL, and deletes', async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = service.runtimeToken({ owner: 'acme', repo: 'widgets', runId: 101 });
    const client = new artifact.DefaultArtifactClient();
    const src = join(tmp, 'patch');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'fix.diff'), '--- a\n+++ b\n');
    const up = await client.uploadArtifact('nightwatch-patch', [join(src, 'fix.diff')], src);
    const out = join(tmp, 'patch-out');
    await client.downloadArtifact(up.id!, { path: out });
    expect(await readFile(join(out, 'fix.diff'), 'utf8')).toBe('--- a\n+++ b\n');
    expect(service.calls.map(c => c.method)).toContain('GetSignedArtifactURL');

    await expect(client.uploadArtifact('nightwatch-patch', [join(src, 'fix.diff')], src)).rejects.toThrow(
      /already exists/
    );
    const del = await client.deleteArtifact('nightwatch-patch');
    expect(del.id).toBe(up.id);
    expect(store.byId(up.id!)).toBeUndefined();
    // Replacing: once deleted, the name is free again in the same run.
    const again = await client.uploadArtifact('nightwatch-patch', [join(src, 'fix.diff')], src);
    expect(again.id).not.toBe(up.id);
  });

  it('refuses a token it did not mint', async () => {
    const res = await fetch(
      `${service.url}twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer a.b.c' },
        body: '{}'
      }
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('injects faults: a 400 is final, a 503 is retried by the client', async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = service.runtimeToken({ owner: 'acme', repo: 'widgets', runId: 102 });
    const client = new artifact.DefaultArtifactClient();
    service.failNext({ target: 'ListArtifacts', status: 400 });
    await expect(client.listArtifacts()).rejects.toThrow(/non-retryable/);
    // The client waits 3 s before its first retry.
    service.failNext({ target: 'ListArtifacts', status: 503 });
    await expect(client.listArtifacts()).resolves.toEqual({ artifacts: [] });
    expect(service.calls.slice(-2).map(c => c.status)).toEqual([503, 200]);
  });
});
