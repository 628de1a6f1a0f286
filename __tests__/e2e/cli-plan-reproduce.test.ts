/**
 * `nightwatch-ci heal --repo` (bundled CLI, real Docker) reproduces the failed job from its plan, for
 * four kinds of job of one workflow: a python-version matrix entry picked by the job's name, a
 * `container:` job, a Postgres-like service (an image built offline here) whose `--health-cmd` is
 * waited for, and a monorepo job with `defaults.run.working-directory: packages/x`. In each, the
 * job's own tests check what the plan must have given them (the matrix value, the container, the
 * service, the folder), and one test fails on a real bug: the reproduction must show that one
 * failure and no other. No model, no fix attempts: reproduction is what is under test.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker, dockerImagesReady, PY_IMAGE } from '../sandbox/helpers.js';
import { cli, exec, removeDirs, repoFromFiles } from './cli-runner.js';

const ready = await dockerImagesReady();
const describeDocker = ready ? describe : describe.skip;

/**
 * A Postgres stand-in: starts listening after PG_START_DELAY seconds, answers the SSL request, a startup
 * (for a database it has) and `CREATE DATABASE`; its databases live in memory, like a fresh service's.
 */
const PG_IMAGE = 'nightwatch-test-postgres:1';

const PG_SERVER = `import os, re, socket, struct, sys, threading, time

if not os.environ.get("POSTGRES_PASSWORD"):
    sys.exit("Database is uninitialized and superuser password is not specified.")
time.sleep(float(os.environ.get("PG_START_DELAY", "3")))
# Kept in memory: a fresh container has only POSTGRES_DB, as a fresh Postgres would.
databases = {os.environ.get("POSTGRES_DB", "postgres")}


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        part = conn.recv(n - len(data))
        if not part:
            return None
        data += part
    return data


def message(kind, body):
    return kind + struct.pack("!i", len(body) + 4) + body


def serve(conn):
    with conn:
        head = recv_exact(conn, 8)
        if head is None:
            return
        length, code = struct.unpack("!ii", head)
        if code == 80877103:  # SSLRequest: no SSL here
            conn.sendall(b"N")
            head = recv_exact(conn, 8)
            if head is None:
                return
            length, code = struct.unpack("!ii", head)
        words = (recv_exact(conn, max(0, length - 8)) or b"").split(b"\\0")
        params = dict(zip(words[0::2], words[1::2]))
        database = params.get(b"database", params.get(b"user", b"")).decode()
        if database not in databases:
            conn.sendall(message(b"E", b"SFATAL\\0C3D000\\0Mdatabase does not exist\\0\\0"))
            return
        # AuthenticationOk, then ReadyForQuery (idle)
        conn.sendall(message(b"R", struct.pack("!i", 0)) + message(b"Z", b"I"))
        while True:  # simple queries: CREATE DATABASE only
            head = recv_exact(conn, 5)
            if head is None or head[:1] == b"X":
                return
            body = recv_exact(conn, struct.unpack("!i", head[1:])[0] - 4) or b""
            m = re.match(r"\\s*CREATE DATABASE (\\w+)", body.rstrip(b"\\0").decode(), re.I)
            if head[:1] == b"Q" and m:
                databases.add(m.group(1))
                conn.sendall(message(b"C", b"CREATE DATABASE\\0") + message(b"Z", b"I"))
            else:
                conn.sendall(message(b"E", b"SERROR\\0C42601\\0Mnot understood\\0\\0") + message(b"Z", b"I"))


srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", 5432))
srv.listen(16)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
`;

/** pg_isready's exit codes: 0 accepting connections, 2 no response. */
const PG_ISREADY = `#!/usr/bin/env python3
import socket, struct, sys
try:
    with socket.create_connection(("127.0.0.1", 5432), timeout=1) as s:
        s.sendall(struct.pack("!ii", 8, 80877103))
        sys.exit(0 if s.recv(1) == b"N" else 1)
except OSError:
    sys.exit(2)
`;

async function buildPostgresImage(dir: string): Promise<void> {
  await writeFile(join(dir, 'pg.py'), PG_SERVER);
  await writeFile(join(dir, 'pg_isready'), PG_ISREADY);
  await writeFile(
    join(dir, 'Dockerfile'),
    `FROM ${PY_IMAGE}\nCOPY pg.py /srv/pg.py\nCOPY pg_isready /usr/local/bin/pg_isready\n` +
      `RUN chmod 755 /usr/local/bin/pg_isready\nCMD ["python3", "/srv/pg.py"]\n`
  );
  await docker('build', '-q', '-t', PG_IMAGE, dir);
}

const WORKFLOW = `name: CI
on: [push, pull_request]
env:
  SHOP: demo
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ruff check .
  unit:
    name: unit
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ['3.11', '3.12']
    env:
      PYVER: \${{ matrix.python-version }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: \${{ matrix.python-version }}
      - name: Lint
        run: ruff check .
      - name: Tests
        run: python3 -m pytest -q tests/test_matrix.py tests/test_calc.py
  in-container:
    runs-on: ubuntu-latest
    container:
      image: ${PY_IMAGE}
      env:
        IN_CONTAINER: "yes"
      options: --cpus 1
    steps:
      - uses: actions/checkout@v4
      - run: python3 -m pytest -q tests/test_container.py tests/test_calc.py
  database:
    runs-on: ubuntu-latest
    container: ${PY_IMAGE}
    services:
      db:
        image: ${PG_IMAGE}
        env:
          POSTGRES_PASSWORD: postgres
          POSTGRES_DB: app
        options: >-
          --health-cmd pg_isready
          --health-interval 1s
          --health-timeout 2s
          --health-retries 30
    env:
      DATABASE_URL: postgres://postgres:postgres@localhost:5432/app
    steps:
      - uses: actions/checkout@v4
      - name: Create the test database
        run: python3 scripts/create_db.py "$DATABASE_URL" app_test
      - name: Test
        run: python3 -m pytest -q tests/test_db.py tests/test_calc.py
  monorepo:
    runs-on: ubuntu-latest
    container: ${PY_IMAGE}
    defaults:
      run:
        working-directory: packages/x
    steps:
      - uses: actions/checkout@v4
      - name: Build
        run: python3 -c "open('built.txt', 'w').write('built in packages/x')"
      - name: Test
        run: python3 -m pytest -q
`;

const CALC = 'def add(a, b):\n    return a - b\n';
const CALC_TEST = 'from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n';

const FILES: Record<string, string> = {
  '.github/workflows/ci.yml': WORKFLOW,
  'calc.py': CALC,
  'pytest.ini': '[pytest]\npythonpath = .\n',
  'tests/test_calc.py': CALC_TEST,
  'tests/test_matrix.py': `import os


def test_the_entry_the_job_name_picks():
    assert os.environ.get("PYVER") == "3.12"


def test_workflow_env():
    assert os.environ.get("SHOP") == "demo"
`,
  'tests/test_container.py': `import os


def test_container_env():
    assert os.environ.get("IN_CONTAINER") == "yes"
`,
  'tests/test_db.py': `import os
import socket
import struct


def handshake(host, database="app"):
    with socket.create_connection((host, 5432), timeout=5) as s:
        s.sendall(struct.pack("!ii", 8, 80877103))
        assert s.recv(1) == b"N"
        body = struct.pack("!i", 196608) + b"user\\0postgres\\0database\\0" + database.encode() + b"\\0\\0"
        s.sendall(struct.pack("!i", len(body) + 4) + body)
        reply = s.recv(64)
        assert reply[:1] == b"R" and reply[5:9] == b"\\0\\0\\0\\0", reply


def test_postgres_at_localhost():
    handshake("localhost")


def test_postgres_by_service_name():
    handshake("db")


def test_the_setup_step_created_the_test_database():
    # The service is fresh for every test run: only a setup run with it up made this database.
    handshake("localhost", "app_test")


def test_database_url():
    assert os.environ["DATABASE_URL"] == "postgres://postgres:postgres@localhost:5432/app"
`,
  // The workflow's "Create the test database" step: CREATE DATABASE on the service, or fail.
  'scripts/create_db.py': `import socket, struct, sys
from urllib.parse import urlparse

url = urlparse(sys.argv[1])


def message(kind, body):
    return kind + struct.pack("!i", len(body) + 4) + body


def read(s):
    head = s.recv(5)
    body = s.recv(struct.unpack("!i", head[1:])[0] - 4)
    return head[:1], body


with socket.create_connection((url.hostname, url.port), timeout=5) as s:
    body = struct.pack("!i", 196608) + b"user\\0postgres\\0database\\0" + url.path[1:].encode() + b"\\0\\0"
    s.sendall(struct.pack("!i", len(body) + 4) + body)
    kinds = [read(s)[0], read(s)[0]]
    if kinds != [b"R", b"Z"]:
        sys.exit(f"cannot connect to {sys.argv[1]}: {kinds}")
    s.sendall(message(b"Q", f"CREATE DATABASE {sys.argv[2]}".encode() + b"\\0"))
    kind, body = read(s)
    if kind != b"C":
        sys.exit(f"CREATE DATABASE failed: {body!r}")
    print("created", sys.argv[2])
`,
  'packages/x/pytest.ini': '[pytest]\npythonpath = .\n',
  'packages/x/calc.py': CALC,
  'packages/x/tests/test_calc.py': CALC_TEST,
  'packages/x/tests/test_here.py': `import os


def test_runs_in_the_package():
    assert os.getcwd().endswith("/packages/x")


def test_the_build_step_ran_there():
    with open("built.txt") as f:
        assert f.read() == "built in packages/x"
`
};

interface HealJson {
  status: string;
  reproduction: { image: string; command: string; exitCode: number };
}

describeDocker('heal reproduces the failed job from its plan (bundled CLI)', () => {
  const dirs: string[] = [];
  let repo: string;

  beforeAll(async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'nw-plan-e2e-'));
    dirs.push(scratch);
    await buildPostgresImage(scratch);
    repo = await repoFromFiles(FILES, { dirs, prefix: 'nw-plan-repro-' });
  }, 120_000);

  afterAll(async () => {
    await removeDirs(dirs);
  });

  /** Heals `job` with no model and no fix attempt; the JSON and the progress on stderr. */
  async function heal(
    job: string,
    ...extra: string[]
  ): Promise<{ out: HealJson; stderr: string; code: number }> {
    const r = await cli(
      [
        'heal',
        '--repo',
        repo,
        '--job',
        job,
        '--sandbox',
        'docker',
        '--max-attempts',
        '0',
        '--reruns',
        '0',
        '--json',
        ...extra
      ],
      { timeoutMs: 180_000 }
    );
    if (!r.stdout.trim().startsWith('{')) throw new Error(`no JSON (exit ${r.code}):\n${r.stderr}`);
    return { out: JSON.parse(r.stdout) as HealJson, stderr: r.stderr, code: r.code };
  }

  /** The one real failure, and nothing the plan should have provided. */
  function onlyTheBug(stderr: string, file = 'tests/test_calc.py'): void {
    const line = /^Reproduction: .*$/m.exec(stderr)?.[0] ?? '';
    expect(line).toMatch(/^Reproduction: exit 1 /);
    expect(line).toContain(`1 failure(s), first: ${file}::test_add`);
  }

  it("a python-version matrix: 'unit (3.12)' is the 3.12 entry (its image and env), lint skipped", async () => {
    // setup-python's image (python:3.12-slim) cannot be pulled here: --image stands in for it.
    const { out, stderr } = await heal('unit (3.12)', '--image', PY_IMAGE);
    expect(stderr).toMatch(/^Plan: \.github\/workflows\/ci\.yml, job 'unit \(3\.12\)', step 'Tests'$/m);
    expect(stderr).toMatch(/^ {2}image python:3\.12-slim \(step 'Run actions\/setup-python@v5'\)$/m);
    expect(stderr).toMatch(/^ {2}skipped Lint: a check/m);
    expect(out.reproduction).toMatchObject({
      image: PY_IMAGE,
      command: 'python3 -m pytest -q tests/test_matrix.py tests/test_calc.py',
      exitCode: 1
    });
    onlyTheBug(stderr);
  }, 200_000);

  it('a container: job runs in the image it names, with the container env', async () => {
    const { out, stderr } = await heal('in-container');
    expect(stderr).toMatch(/^ {2}image nightwatch-test-python:1 \(jobs\.in-container\.container\)$/m);
    expect(stderr).toMatch(/note: jobs\.in-container\.container\.options dropped/);
    expect(out.reproduction).toMatchObject({ image: PY_IMAGE, exitCode: 1 });
    onlyTheBug(stderr);
  }, 200_000);

  it('a Postgres service: started from its image, waited for by its --health-cmd, reached at localhost and by name; the step that creates a database on it runs with it up', async () => {
    const { out, stderr } = await heal('database');
    expect(stderr).toMatch(/^ {2}service db: nightwatch-test-postgres:1 \(health: pg_isready\)$/m);
    // The step that creates the test database needs the service: it runs in the test run, before the tests.
    expect(stderr).toMatch(/^ {2}install: \(none\)/m);
    expect(stderr).toMatch(
      /^ {2}service setup, before each test run: python3 scripts\/create_db\.py "\$DATABASE_URL" app_test \(1 run: step before 'Test' that need the services\)$/m
    );
    expect(stderr).toMatch(/note: step 'Create the test database' uses \$DATABASE_URL, a service's address/);
    // It ran with the service up: the test that connects to app_test passed (onlyTheBug below).
    expect(stderr).not.toMatch(/the service setup failed \(exit \d+\)/);
    // The server listens only after 3 s: the tests (which connect once, without retrying) pass
    // only because the health command was waited for.
    const healthy = /service db: nightwatch-test-postgres:1 healthy after ([\d.]+)s/.exec(stderr);
    expect(healthy).not.toBeNull();
    expect(Number(healthy![1])).toBeGreaterThanOrEqual(3);
    expect(out.reproduction).toMatchObject({ image: PY_IMAGE, exitCode: 1 });
    onlyTheBug(stderr);
    const { stdout: left } = await exec('docker', ['ps', '-aq', '--filter', 'label=nightwatch.service']);
    expect(left.trim()).toBe('');
  }, 200_000);

  it('a monorepo job: the build step and the tests run in defaults.run.working-directory', async () => {
    const { out, stderr } = await heal('monorepo');
    expect(stderr).toMatch(/^ {2}test: python3 -m pytest -q in packages\/x$/m);
    expect(out.reproduction).toMatchObject({ image: PY_IMAGE, exitCode: 1 });
    onlyTheBug(stderr);
  }, 200_000);
});
