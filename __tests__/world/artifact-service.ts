/**
 * The results service `@actions/artifact` v6 talks to, on loopback: the Twirp
 * `github.actions.results.api.v1.ArtifactService` methods (JSON) and the Azure block-blob upload and
 * download behind its signed URLs. Artifacts land in the ArtifactStore the REST emulator lists.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ArtifactStore, type RunBinding, type StoredArtifact } from './artifact-store.js';
import { closeServer, listenLoopback, readBody } from './http-util.js';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';

/** Twirp methods the client calls. */
export type TwirpMethod =
  'CreateArtifact' | 'FinalizeArtifact' | 'ListArtifacts' | 'GetSignedArtifactURL' | 'DeleteArtifact';

/** One recorded Twirp call. */
export interface TwirpCall {
  method: string;
  body: Record<string, unknown>;
  status: number;
}

/** One recorded blob request. */
export interface BlobCall {
  method: string;
  /** `block`, `blocklist`, `put` (single Put Blob) or `get`. */
  op: 'block' | 'blocklist' | 'put' | 'get' | 'other';
  artifactId: number;
  bytes: number;
  status: number;
}

/** A scripted fault: the next matching calls fail with `status`. */
export interface ArtifactFault {
  /** A Twirp method, or `blob` for any blob request. */
  target: TwirpMethod | 'blob';
  status: number;
  times?: number;
}

/** Options of the service. */
export interface ArtifactServiceOptions {
  /** Shared with GitHubApi so REST lists what Twirp uploaded (default: a new store). */
  store?: ArtifactStore;
}

interface Claims {
  scp: string;
  runBackendId: string;
  jobBackendId: string;
}

function twirpError(
  status: number,
  code: string,
  msg: string
): { status: number; body: Record<string, unknown> } {
  return { status, body: { code, msg } };
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** The service. Mint a runtime token per run with `runtimeToken`, point ACTIONS_RESULTS_URL at `url`. */
export class ArtifactService {
  readonly store: ArtifactStore;
  readonly calls: TwirpCall[] = [];
  private readonly runBackendIds = new Map<string, string>();
  readonly blobCalls: BlobCall[] = [];
  private readonly faults: (ArtifactFault & { left: number })[] = [];
  private readonly secret = randomBytes(32);
  private server?: Server;
  private baseUrl = '';

  constructor(opts: ArtifactServiceOptions = {}) {
    this.store = opts.store ?? new ArtifactStore();
  }

  /** What ACTIONS_RESULTS_URL gets (the client only uses its origin). */
  get url(): string {
    if (!this.baseUrl) throw new Error('ArtifactService not started');
    return `${this.baseUrl}/`;
  }

  async start(): Promise<{ url: string }> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'internal', msg: `emulator error: ${String(err)}` }));
      });
    });
    this.baseUrl = await listenLoopback(this.server);
    return { url: this.url };
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  /**
   * Mints the ACTIONS_RUNTIME_TOKEN of a job of run `runId`: a JWT whose `scp` claim carries
   * `Actions.Results:<runBackendId>:<jobBackendId>` (what the client decodes), signed by this service.
   */
  runtimeToken(run: {
    owner: string;
    repo: string;
    runId: number;
    headSha?: string;
    headBranch?: string;
  }): string {
    // Jobs of one workflow run share the run's backend id (so a later job finds an earlier job's
    // artifacts, as `publish` does); each call is a new job.
    const runKey = `${run.owner}/${run.repo}#${run.runId}`;
    const runBackendId = this.runBackendIds.get(runKey) ?? randomUUID();
    this.runBackendIds.set(runKey, runBackendId);
    const jobBackendId = randomUUID();
    const binding: RunBinding = {
      owner: run.owner,
      repo: run.repo,
      runId: run.runId,
      runBackendId,
      jobBackendId,
      headSha: run.headSha ?? '0'.repeat(40),
      headBranch: run.headBranch ?? 'main'
    };
    this.store.bind(binding);
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256', x5t: 'world' }));
    const payload = b64url(
      JSON.stringify({
        nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
        scp: `Actions.ExampleScope Actions.Results:${runBackendId}:${jobBackendId}`,
        IdentityTypeClaim: 'System:ServiceIdentity',
        ac: JSON.stringify([{ Scope: `refs/heads/${binding.headBranch}`, Permission: 3 }]),
        iss: 'vstoken.actions.githubusercontent.com',
        aud: 'vso:world',
        nbf: now - 60,
        exp: now + 6 * 3600
      })
    );
    const sig = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${sig}`;
  }

  /** Makes the next matching calls fail. */
  failNext(f: ArtifactFault): void {
    this.faults.push({ ...f, left: f.times ?? 1 });
  }

  private takeFault(target: TwirpMethod | 'blob'): number | undefined {
    const f = this.faults.find(x => x.left > 0 && x.target === target);
    if (!f) return undefined;
    f.left -= 1;
    return f.status;
  }

  private verify(req: IncomingMessage): Claims | undefined {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return undefined;
    const [header, payload, sig] = m[1].split('.');
    if (!header || !payload || !sig) return undefined;
    const expected = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest('base64url');
    if (expected !== sig) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      scp?: string;
      exp?: number;
    };
    if (!claims.scp || (claims.exp ?? 0) * 1000 < Date.now()) return undefined;
    const scope = claims.scp.split(' ').find(s => s.startsWith('Actions.Results:'));
    if (!scope) return undefined;
    const [, runBackendId, jobBackendId] = scope.split(':');
    return { scp: claims.scp, runBackendId, jobBackendId };
  }

  private blobUrl(a: StoredArtifact, permissions: string, fileName: string): string {
    const q = new URLSearchParams({
      sv: '2023-11-03',
      se: new Date(Date.now() + 3600_000).toISOString(),
      sr: 'b',
      sp: permissions,
      sig: a.sig
    });
    // IP-style Azure URL: /<account>/<container>/<blob>, as Azurite serves it.
    return `${this.baseUrl}/devstoreaccount1/actions-results/${a.id}/${encodeURIComponent(fileName)}?${q.toString()}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (u.pathname.startsWith('/twirp/')) return this.handleTwirp(req, res, u);
    if (u.pathname.startsWith('/devstoreaccount1/actions-results/')) return this.handleBlob(req, res, u);
    await readBody(req);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  private async handleTwirp(req: IncomingMessage, res: ServerResponse, u: URL): Promise<void> {
    const raw = await readBody(req);
    const send = (r: { status: number; body: Record<string, unknown> }): void => {
      const text = JSON.stringify(r.body);
      res.writeHead(r.status, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text))
      });
      res.end(text);
    };
    const m = new RegExp(`^/twirp/${SERVICE.replace(/\./g, '\\.')}/(\\w+)$`).exec(u.pathname);
    let body: Record<string, unknown> = {};
    try {
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      send(twirpError(400, 'malformed', 'the json request could not be decoded'));
      return;
    }
    const call: TwirpCall = { method: m?.[1] ?? u.pathname, body, status: 0 };
    this.calls.push(call);
    const reply = (r: { status: number; body: Record<string, unknown> }): void => {
      call.status = r.status;
      send(r);
    };
    if (req.method !== 'POST' || !m)
      return reply(twirpError(404, 'bad_route', `no handler for path "${u.pathname}"`));
    const claims = this.verify(req);
    if (!claims) return reply(twirpError(401, 'unauthenticated', 'invalid or missing runtime token'));
    const method = m[1] as TwirpMethod;
    const fault = this.takeFault(method);
    if (fault)
      return reply(
        twirpError(
          fault,
          fault === 429 ? 'resource_exhausted' : fault >= 500 ? 'internal' : 'invalid_argument',
          `injected fault ${fault}`
        )
      );
    // The backend ids in the request must be the token's own (the service authorizes by them).
    // Reads name the job that uploaded the artifact (the client copies it from ListArtifacts), which
    // may be another job of the same run: for them only the run must be the token's.
    const readsOnly = method === 'ListArtifacts' || method === 'GetSignedArtifactURL';
    if (
      body.workflow_run_backend_id !== claims.runBackendId ||
      (!readsOnly && body.workflow_job_run_backend_id !== claims.jobBackendId)
    ) {
      return reply(twirpError(403, 'permission_denied', 'backend ids do not match the runtime token'));
    }
    const binding = this.store.binding(claims.runBackendId);
    if (!binding) return reply(twirpError(403, 'permission_denied', 'unknown workflow run'));
    const inRun = (a: StoredArtifact): boolean => a.runBackendId === claims.runBackendId;

    switch (method) {
      case 'CreateArtifact': {
        const name = String(body.name ?? '');
        if (!name) return reply(twirpError(400, 'invalid_argument', 'name is required'));
        if (body.version !== 4 && body.version !== 7)
          return reply(
            twirpError(400, 'invalid_argument', `unsupported artifact version ${String(body.version)}`)
          );
        if (this.store.artifacts.some(a => inRun(a) && a.name === name && a.finalized)) {
          return reply(
            twirpError(409, 'already_exists', `an artifact with this name already exists on the workflow run`)
          );
        }
        // A retried create of an unfinished artifact replaces it, as the service does.
        for (const old of this.store.artifacts.filter(a => inRun(a) && a.name === name && !a.finalized))
          this.store.remove(old.id);
        const a = this.store.add({
          owner: binding.owner,
          repo: binding.repo,
          runId: binding.runId,
          name,
          finalized: false,
          headSha: binding.headSha,
          headBranch: binding.headBranch,
          runBackendId: claims.runBackendId,
          jobBackendId: claims.jobBackendId
        });
        a.digest = null;
        const mime = typeof body.mime_type === 'string' ? body.mime_type : 'application/zip';
        a.mimeType = mime;
        if (typeof body.expires_at === 'string') a.expiresAt = body.expires_at.replace(/\.\d+Z$/, 'Z');
        const fileName = mime === 'application/zip' ? `${name}.zip` : name;
        return reply({ status: 200, body: { ok: true, signed_upload_url: this.blobUrl(a, 'cw', fileName) } });
      }
      case 'FinalizeArtifact': {
        const a = this.store.artifacts.find(x => inRun(x) && x.name === body.name && !x.finalized);
        if (!a) return reply(twirpError(404, 'not_found', 'artifact not found'));
        const size = Number(body.size ?? 0);
        if (size !== a.data.length)
          return reply(
            twirpError(
              400,
              'invalid_argument',
              `size ${size} does not match the uploaded ${a.data.length} bytes`
            )
          );
        const actual = `sha256:${createHash('sha256').update(a.data).digest('hex')}`;
        if (typeof body.hash === 'string' && body.hash !== actual)
          return reply(twirpError(400, 'invalid_argument', 'hash does not match the uploaded content'));
        a.finalized = true;
        a.digest = actual;
        return reply({ status: 200, body: { ok: true, artifact_id: String(a.id) } });
      }
      case 'ListArtifacts': {
        const list = this.store.artifacts
          .filter(a => a.finalized && a.runBackendId === claims.runBackendId)
          .filter(a => body.name_filter === undefined || a.name === body.name_filter)
          .filter(a => body.id_filter === undefined || String(a.id) === String(body.id_filter))
          .map(a => ({
            workflow_run_backend_id: a.runBackendId,
            workflow_job_run_backend_id: a.jobBackendId,
            database_id: String(a.id),
            name: a.name,
            size: String(a.data.length),
            created_at: a.createdAt,
            ...(a.digest ? { digest: a.digest } : {})
          }));
        return reply({ status: 200, body: { artifacts: list } });
      }
      case 'GetSignedArtifactURL': {
        const a = this.store.artifacts.find(
          x => x.finalized && x.runBackendId === body.workflow_run_backend_id && x.name === body.name
        );
        if (!a) return reply(twirpError(404, 'not_found', 'artifact not found'));
        const mime = a.mimeType;
        return reply({
          status: 200,
          body: { signed_url: this.blobUrl(a, 'r', mime === 'application/zip' ? `${a.name}.zip` : a.name) }
        });
      }
      case 'DeleteArtifact': {
        const a = this.store.artifacts.find(x => inRun(x) && x.finalized && x.name === body.name);
        if (!a) return reply(twirpError(404, 'not_found', 'artifact not found'));
        this.store.remove(a.id);
        return reply({ status: 200, body: { ok: true, artifact_id: String(a.id) } });
      }
      default:
        return reply(twirpError(404, 'bad_route', `no handler for method ${String(method)}`));
    }
  }

  private async handleBlob(req: IncomingMessage, res: ServerResponse, u: URL): Promise<void> {
    const raw = await readBody(req);
    const m = /^\/devstoreaccount1\/actions-results\/(\d+)\/(.+)$/.exec(u.pathname);
    const comp = u.searchParams.get('comp');
    const method = req.method ?? 'GET';
    const op: BlobCall['op'] =
      method === 'GET'
        ? 'get'
        : comp === 'block'
          ? 'block'
          : comp === 'blocklist'
            ? 'blocklist'
            : method === 'PUT' && !comp
              ? 'put'
              : 'other';
    const call: BlobCall = { method, op, artifactId: Number(m?.[1] ?? 0), bytes: raw.length, status: 0 };
    this.blobCalls.push(call);
    const azure = (
      status: number,
      code?: string,
      extra: Record<string, string> = {},
      body?: Buffer
    ): void => {
      call.status = status;
      const headers: Record<string, string> = {
        'x-ms-request-id': randomUUID(),
        'x-ms-version': '2023-11-03',
        date: new Date().toUTCString(),
        ...extra
      };
      if (code) {
        const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}\nRequestId:${headers['x-ms-request-id']}\nTime:${new Date().toISOString()}</Message></Error>`;
        res.writeHead(status, {
          ...headers,
          'x-ms-error-code': code,
          'content-type': 'application/xml',
          'content-length': String(Buffer.byteLength(xml))
        });
        res.end(xml);
        return;
      }
      res.writeHead(status, { ...headers, 'content-length': String(body?.length ?? 0) });
      res.end(body ?? undefined);
    };
    const a = m ? this.store.byId(Number(m[1])) : undefined;
    if (!a) return azure(404, 'BlobNotFound');
    if (u.searchParams.get('sig') !== a.sig) return azure(403, 'AuthenticationFailed');
    const fault = this.takeFault('blob');
    if (fault) return azure(fault, fault >= 500 ? 'InternalError' : 'ServerBusy');
    const sp = u.searchParams.get('sp') ?? '';
    const etag = `"0x${createHash('md5').update(a.data).digest('hex').slice(0, 15).toUpperCase()}"`;
    if (method === 'PUT') {
      if (!sp.includes('w')) return azure(403, 'AuthorizationPermissionMismatch');
      if (a.finalized) return azure(409, 'BlobImmutableDueToPolicy');
      if (op === 'block') {
        const id = u.searchParams.get('blockid');
        if (!id) return azure(400, 'InvalidQueryParameterValue');
        a.stagedBlocks.set(id, raw);
        return azure(201, undefined, {
          'x-ms-request-server-encrypted': 'true',
          'x-ms-content-crc64': 'AAAAAAAAAAA='
        });
      }
      if (op === 'blocklist') {
        const ids = [
          ...raw
            .toString('utf8')
            .matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\/(?:Latest|Uncommitted|Committed)>/g)
        ].map(x => x[1]);
        const missing = ids.filter(id => !a.stagedBlocks.has(id));
        if (missing.length) return azure(400, 'InvalidBlockList');
        a.data = Buffer.concat(ids.map(id => a.stagedBlocks.get(id) as Buffer));
        a.stagedBlocks.clear();
        const ct = req.headers['x-ms-blob-content-type'];
        if (typeof ct === 'string') a.mimeType = ct;
        return azure(201, undefined, {
          etag,
          'last-modified': new Date().toUTCString(),
          'x-ms-request-server-encrypted': 'true'
        });
      }
      if (op === 'put') {
        a.data = raw;
        const ct = req.headers['x-ms-blob-content-type'] ?? req.headers['content-type'];
        if (typeof ct === 'string') a.mimeType = ct;
        return azure(201, undefined, {
          etag,
          'last-modified': new Date().toUTCString(),
          'x-ms-request-server-encrypted': 'true'
        });
      }
      return azure(400, 'UnsupportedQueryParameter');
    }
    if (method === 'GET' || method === 'HEAD') {
      if (!sp.includes('r')) return azure(403, 'AuthorizationPermissionMismatch');
      if (!a.finalized) return azure(404, 'BlobNotFound');
      const mime = a.mimeType;
      const fileName = decodeURIComponent(m![2]);
      return azure(
        200,
        undefined,
        {
          'content-type': mime,
          'content-disposition': `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          'x-ms-blob-type': 'BlockBlob',
          etag,
          'last-modified': new Date().toUTCString()
        },
        method === 'GET' ? a.data : undefined
      );
    }
    return azure(405, 'UnsupportedHttpVerb');
  }
}
