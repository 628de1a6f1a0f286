/**
 * plan/: real workflows of other projects (fixtures/, each with its source) and hand-written ones
 * turned into the Plan a careful engineer would write; hostile workflows refused with clear errors.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { buildPlan, PlanError, withSetup } from '../../src/plan/index.js';
import { failingTestsCommand } from '../../src/repair/select.js';

const FIXTURES = path.resolve('__tests__/plan/fixtures');
let dirs: string[] = [];

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nw-plan-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

async function withFixture(name: string, extra: Record<string, string> = {}): Promise<string> {
  return repo({ [`.github/workflows/${name}`]: await readFile(path.join(FIXTURES, name), 'utf8'), ...extra });
}

afterEach(async () => {
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })));
  dirs = [];
});

describe('real workflows', () => {
  it('psf/requests: a two-dimension matrix job by its display name, with the exclude applied', async () => {
    const dir = await withFixture('requests-run-tests.yml');
    const plan = await buildPlan(dir, { job: 'build (3.12, ubuntu-22.04)' });
    expect(plan).toMatchObject({
      image: 'python:3.12-slim',
      language: 'python',
      version: '3.12',
      test: 'make ci',
      workingDirectory: '.',
      job: 'build (3.12, ubuntu-22.04)',
      step: 'Run tests',
      services: []
    });
    // The step's env is an expression on the matrix: '' for 3.12, '1' for 3.15-dev.
    expect(plan.install).toBe("(export PYO3_USE_ABI3_FORWARD_COMPATIBILITY='' && make)");
    const dev = await buildPlan(dir, { job: 'build (3.15-dev, ubuntu-22.04)' });
    expect(dev.install).toBe('(export PYO3_USE_ABI3_FORWARD_COMPATIBILITY=1 && make)');
    // 3.10 is quoted in the workflow, so it stays 3.10 (unquoted it would be the number 3.1).
    expect((await buildPlan(dir, { job: 'build (3.10, macOS-latest)' })).notes).toContain(
      'the job runs on macOS-latest; it is reproduced on Linux'
    );
    await expect(buildPlan(dir, { job: 'build (pypy-3.11, windows-latest)' })).rejects.toThrow(
      /no job named 'build \(pypy-3.11, windows-latest\)'/
    );
    const named = await buildPlan(dir, { job: 'No Character Detection' });
    expect(named.install).toBe(
      `bash -e -c 'make\npython -m pip uninstall -y "charset_normalizer" "chardet"'`
    );
    expect(named.image).toBe('python:3.10-slim');
  });

  it('pallets/flask: an include-only matrix named by ${{ matrix.name || matrix.python }}', async () => {
    const dir = await withFixture('flask-tests.yaml');
    const plan = await buildPlan(dir, { job: '3.12' });
    expect(plan).toMatchObject({
      image: 'python:3.12-slim',
      test: 'uv run --locked --no-default-groups --group dev tox run',
      env: { TOX_ENV: 'py3.12' },
      install: 'python3 -m pip install -q uv'
    });
    const pypy = await buildPlan(dir, { job: 'PyPy' });
    expect(pypy).toMatchObject({ image: 'pypy:3.11-slim', env: { TOX_ENV: 'pypy3.11' } });
    const min = await buildPlan(dir, { job: 'Minimum Versions' });
    expect(min).toMatchObject({ image: 'python:3.14-slim', env: { TOX_ENV: 'tests-min' } });
    const typing = await buildPlan(dir, { job: 'typing' });
    expect(typing.skipped).toContainEqual({ step: 'cache mypy', why: 'a cache: not needed to reproduce' });
    expect(typing.notes.join('\n')).toMatch(/python-version-file pyproject.toml is not read/);
  });

  it('expressjs/express: a named matrix job, install steps joined, a version print skipped', async () => {
    const dir = await withFixture('express-ci.yml');
    const plan = await buildPlan(dir, { job: 'Node.js 20 - ubuntu-latest' });
    expect(plan).toMatchObject({
      image: 'node:20',
      language: 'node',
      install: 'npm config set loglevel error && npm install',
      test: 'npm run test-ci',
      step: 'Run tests'
    });
    expect(plan.skipped).toContainEqual({
      step: 'Output Node and NPM versions',
      why: 'prints information only'
    });
    // Without --job: the first job that tests (Lint only lints).
    const first = await buildPlan(dir);
    expect(first.job).toBe('Node.js 18 - ubuntu-latest');
    const lint = await buildPlan(dir, { job: 'Lint', step: 'Run lint' });
    expect(lint).toMatchObject({ image: 'node:lts', test: 'npm run lint' });
  });

  it('riverqueue/river: a Postgres service from the matrix, with its health check and env', async () => {
    const dir = await withFixture('river-ci.yaml');
    const plan = await buildPlan(dir, { job: 'build_and_test (1.26, 18)' });
    expect(plan).toMatchObject({
      image: 'golang:1.26',
      language: 'go',
      test: 'make test/race',
      setup: 'psql -c "CREATE DATABASE river_test" $ADMIN_DATABASE_URL',
      services: [
        {
          name: 'postgres',
          image: 'postgres:18',
          env: { POSTGRES_PASSWORD: 'postgres' },
          health: { cmd: 'pg_isready', interval: '2s', timeout: '5s', retries: 5 }
        }
      ]
    });
    expect(plan.env).toMatchObject({
      GOTOOLCHAIN: 'local',
      ADMIN_DATABASE_URL: 'postgres://postgres:postgres@localhost:5432'
    });
    // The database is created on the service, which is up only for test runs: not an install.
    expect(plan.install).toBeUndefined();
    expect(plan.from.setup).toBe("1 run: step before 'Test' that need the services");
    expect(plan.notes).toContain(
      "step 'Set up database' runs psql, a client of the job's services: it runs before the test in every test run, when the services are up (not in the install)"
    );
    expect((await buildPlan(dir, { job: 'build_and_test (1.25, 18)' })).image).toBe('golang:1.25');
    expect((await buildPlan(dir, { job: 'benchmark (1.26, 17)' })).services[0].image).toBe('postgres:17');
  });

  it('sqlc-dev/sqlc: secrets in a step env are dropped and said, plain values kept', async () => {
    const dir = await withFixture('sqlc-ci.yml');
    const plan = await buildPlan(dir, { job: 'test' });
    expect(plan.test).toBe('gotestsum --junitfile junit.xml -- --tags=examples -timeout 20m -failfast ./...');
    expect(plan.env).toEqual({
      POSTGRESQL_SERVER_URI: 'postgres://postgres:postgres@127.0.0.1:5432/postgres?sslmode=disable',
      MYSQL_SERVER_URI: 'root:mysecretpassword@tcp(127.0.0.1:3306)/mysql?multiStatements=true&parseTime=true',
      CGO_ENABLED: '0'
    });
    expect(plan.notes).toContain(
      "step 'test ./...' env SQLC_AUTH_TOKEN dropped: it uses secrets or github.token"
    );
    expect(plan.install).toContain(
      '(export CGO_ENABLED=0 && cd internal/endtoend/testdata && go build ./...)'
    );
    expect(plan.install?.startsWith('go install gotest.tools/gotestsum@latest && ')).toBe(true);
    expect((await buildPlan(dir, { job: 'build darwin/arm64' })).env).toMatchObject({
      GOOS: 'darwin',
      GOARCH: 'arm64'
    });
  });
});

const wf = (body: string): Record<string, string> => ({ '.github/workflows/ci.yml': body });

describe('matrix display names (as GitHub forms them)', () => {
  const matrixWorkflow = `
jobs:
  test:
    strategy:
      matrix:
        python: ['3.11', '3.12']
        os: [ubuntu-latest]
        include:
          - python: '3.12'
            experimental: true
          - python: '3.13'
            os: ubuntu-latest
            extra: ''
          - python: '3.9'
            cfg: { opt: deep, none: null }
    steps:
      - run: pytest
  named:
    name: Unit
    strategy:
      matrix:
        node: [18, 20.x]
    steps:
      - uses: actions/setup-node@v4
        with:
          node-version: \${{ matrix.node }}
      - run: npm test
`;
  it('values of the original dimensions in order; include extras not shown; a new include combination shows its values', async () => {
    const dir = await repo(wf(matrixWorkflow));
    const bad = await buildPlan(dir, { job: 'nope' }).catch((e: Error) => e.message);
    expect(bad).toContain(
      "Jobs: 'test (3.11, ubuntu-latest)', 'test (3.12, ubuntu-latest)', 'test (3.13, ubuntu-latest)', 'test (3.9, deep)', 'Unit (18)', 'Unit (20.x)'"
    );
  });
  it('a name without an expression still gets the values; 20.x stays text', async () => {
    const dir = await repo(wf(matrixWorkflow));
    expect((await buildPlan(dir, { job: 'Unit (20.x)' })).image).toBe('node:20');
    expect((await buildPlan(dir, { job: 'Unit (18)' })).image).toBe('node:18');
  });
});

describe('images, directories, containers', () => {
  it('a container job runs in its container, with its env; setup actions are not applied', async () => {
    const dir = await repo(
      wf(`
jobs:
  test:
    container:
      image: python:\${{ matrix.py }}-bookworm
      env: { PIP_NO_CACHE_DIR: '1' }
      options: --privileged
    strategy: { matrix: { py: ['3.11'] } }
    steps:
      - uses: actions/setup-node@v4
      - run: pip install -e .
      - run: pytest -q
`)
    );
    const plan = await buildPlan(dir, { job: 'test (3.11)' });
    expect(plan).toMatchObject({
      image: 'python:3.11-bookworm',
      language: 'python',
      version: '3.11',
      install: 'pip install -e .',
      test: 'pytest -q',
      env: { PIP_NO_CACHE_DIR: '1' },
      from: { image: 'jobs.test.container' }
    });
    expect(plan.notes).toContain('jobs.test.container.options dropped');
  });

  it('Java with mvn gets maven on temurin; Rust from dtolnay/rust-toolchain@1.75', async () => {
    const dir = await repo(
      wf(`
jobs:
  java:
    steps:
      - uses: actions/setup-java@v4
        with: { distribution: zulu, java-version: '17' }
      - run: mvn -B verify
  rust:
    steps:
      - uses: dtolnay/rust-toolchain@1.75
      - run: cargo test --all
`)
    );
    const java = await buildPlan(dir, { job: 'java' });
    expect(java).toMatchObject({ image: 'maven:3-eclipse-temurin-17', language: 'java', version: '17' });
    expect(java.notes.join('\n')).toMatch(/distribution 'zulu' replaced by Eclipse Temurin/);
    expect(await buildPlan(dir, { job: 'rust' })).toMatchObject({
      image: 'rust:1.75',
      language: 'rust',
      test: 'cargo test --all'
    });
  });

  it('defaults.run.working-directory and a step working-directory: install steps cd in a subshell, the test runs there', async () => {
    const dir = await repo(
      wf(`
defaults:
  run:
    working-directory: backend
jobs:
  test:
    steps:
      - uses: actions/setup-python@v5
        with: { python-version: '3.12' }
      - name: Install
        run: pip install -r requirements.txt
      - name: Build the frontend
        run: npm ci && npm run build
        working-directory: frontend
      - name: Lint
        run: ruff check .
      - name: Upload
        run: codecov
      - name: Tests
        run: python -m pytest
        env: { DJANGO_SETTINGS: test }
`)
    );
    const plan = await buildPlan(dir);
    expect(plan).toMatchObject({
      install: '(cd backend && pip install -r requirements.txt) && (cd frontend && npm ci && npm run build)',
      test: 'python -m pytest',
      workingDirectory: 'backend',
      env: { DJANGO_SETTINGS: 'test' },
      skipped: [
        { step: 'Lint', why: 'a check (lint, format, types): not needed to reproduce the failure' },
        { step: 'Upload', why: 'uploads or publishes: never run in a reproduction' }
      ]
    });
  });

  it('a step whose if: is false for this combination is skipped; --step names the failing step', async () => {
    const dir = await repo(
      wf(`
jobs:
  t:
    strategy: { matrix: { os: [ubuntu-latest, windows-latest] } }
    steps:
      - if: matrix.os == 'windows-latest'
        run: choco install thing
      - if: \${{ github.event_name == 'push' }}
        run: make deps
      - run: make test-unit
      - run: make test-integration
`)
    );
    const plan = await buildPlan(dir, { job: 't (ubuntu-latest)', step: 'Run make test-integration' });
    expect(plan.skipped).toContainEqual({
      step: 'Run choco install thing',
      why: "its if: (matrix.os == 'windows-latest') is false for this job"
    });
    expect(plan.install).toBe('make deps');
    expect(plan.test).toBe('make test-integration');
    expect(plan.notes.join('\n')).toMatch(/cannot be known here; the step is kept/);
    await expect(buildPlan(dir, { job: 't (ubuntu-latest)', step: 'deploy' })).rejects.toThrow(
      /has no step 'deploy'. Its steps: 'Run choco install thing'/
    );
  });

  it('no workflow: the plan comes from the project files', async () => {
    const dir = await repo({
      'pyproject.toml': '[tool.pytest.ini_options]\n',
      'tests/test_a.py': 'def test_a(): pass\n'
    });
    const plan = await buildPlan(dir);
    expect(plan).toMatchObject({
      image: 'python:3.12-slim',
      test: 'python3 -m pytest',
      from: { test: 'project files' }
    });
    expect(plan.notes).toContain(
      'no readable workflow under .github/workflows: planned from the project files'
    );
  });
});

describe('services', () => {
  it('a port mapped to another host port is said: the reproduction has the service at its own port', async () => {
    const dir = await repo(
      wf(`jobs:
  t:
    services:
      pg:
        image: postgres:16
        ports: ['15432:5432', '6379:6379', 8080]
    steps:
      - run: pytest
`)
    );
    const p = await buildPlan(dir);
    expect(p.notes).toContain(
      'jobs.t.services.pg: port 15432 maps to 5432; in the reproduction the service is at localhost:5432, not 15432'
    );
    expect(p.notes.filter(n => /maps to/.test(n))).toHaveLength(1);
  });
});

describe('services (2)', () => {
  it("job.services.<id>.ports[5432] (a port published to a random host port) is the service's own port", async () => {
    const dir = await repo(
      wf(`jobs:
  t:
    services:
      postgres:
        image: postgres:17-alpine
        ports:
          - 5432
    steps:
      - run: pg_isready -h localhost -p \${{ job.services.postgres.ports[5432] }}
      - name: Wait for Postgres
        run: |
          until pg_isready -h localhost -p 5432; do
            sleep 1
          done
      - run: npm ci
      - run: npm run test:integration
        env:
          DATABASE_URL: postgres://postgres:pw@localhost:\${{ job.services.postgres.ports[5432] }}/app
`)
    );
    const p = await buildPlan(dir);
    // The probe waits for the service: the sandbox's health wait does that.
    expect(p.install).toBe('npm ci');
    expect(p.skipped.map(x => x.step)).toContain('Wait for Postgres');
    expect(p.skipped).toContainEqual({
      step: 'Run pg_isready -h localhost -p ${{ job.services.postgres.ports[5432] }}',
      why: "waits for a service: the sandbox waits for each service's health check before the tests"
    });
    expect(p.env).toEqual({ DATABASE_URL: 'postgres://postgres:pw@localhost:5432/app' });
    expect(p.notes).toContain(
      'job.services.<id>.ports[<port>] is the port itself: in the reproduction each service listens at localhost on its own port'
    );
  });
});

describe('service setup (steps that need a service run before the test, not in the install)', () => {
  const job = (steps: string, services = true): Record<string, string> =>
    wf(`env:
  DATABASE_URL: postgres://app:pw@localhost:5432/app
  CACHE: redis:6379
  PLAIN: hello
jobs:
  t:
${
  services
    ? `    services:
      db:
        image: mysql:8
      redis:
        image: redis:7
`
    : ''
}    steps:
${steps}      - run: pytest
`);

  it('clients, migrations, service URLs and variables holding a service address move, in order, with their env and directory', async () => {
    const dir = await repo(
      job(`      - run: pip install -r requirements.txt mysqlclient
      - name: Create schema
        run: mysql -h 127.0.0.1 -uroot -e 'CREATE DATABASE app'
        working-directory: db
      - run: cargo install sqlx-cli
      - run: sqlx migrate run
        env:
          SQLX_OFFLINE: 'false'
      - run: PGPASSWORD=pw psql -h db -f schema.sql
      - run: redis-cli -h redis FLUSHALL
      - run: python scripts/seed.py --url "$DATABASE_URL"
      - run: python scripts/warm.py \${CACHE}
      - run: curl -fsS http://db:8080/ready || true
      - run: python -c "print('x')" postgresql://u@db/x
      - run: make build
`)
    );
    const p = await buildPlan(dir);
    expect(p.install).toBe(
      'pip install -r requirements.txt mysqlclient && cargo install sqlx-cli && make build'
    );
    expect(p.setup).toBe(
      [
        "(cd db && mysql -h 127.0.0.1 -uroot -e 'CREATE DATABASE app')",
        '(export SQLX_OFFLINE=false && sqlx migrate run)',
        'PGPASSWORD=pw psql -h db -f schema.sql',
        'redis-cli -h redis FLUSHALL',
        'python scripts/seed.py --url "$DATABASE_URL"',
        'python scripts/warm.py ${CACHE}',
        '(curl -fsS http://db:8080/ready || true)',
        `python -c "print('x')" postgresql://u@db/x`
      ].join(' && ')
    );
    const why = p.notes.filter(n => /in every test run/.test(n)).map(n => n.replace(/:.*/, ''));
    expect(why).toEqual([
      "step 'Create schema' runs mysql, a client of the job's services",
      "step 'Run sqlx migrate run' runs sqlx migrate, a client of the job's services",
      "step 'Run PGPASSWORD=pw psql -h db -f schema.sql' runs psql, a client of the job's services",
      "step 'Run redis-cli -h redis FLUSHALL' runs redis-cli, a client of the job's services",
      "step 'Run python scripts/seed.py --url \"$DATABASE_URL\"' uses $DATABASE_URL, a service's address",
      "step 'Run python scripts/warm.py ${CACHE}' uses $CACHE, a service's address",
      "step 'Run curl -fsS http",
      "step 'Run python -c \"print('x')\" postgresql"
    ]);
  });

  it('nothing moves without services, and installs that merely mention a client or a service variable stay', async () => {
    const steps = `      - run: psql -c 'CREATE DATABASE app' $DATABASE_URL
      - run: python setup.py build
`;
    const none = await buildPlan(await repo(job(steps, false)));
    expect(none.setup).toBeUndefined();
    expect(none.install).toBe("psql -c 'CREATE DATABASE app' $DATABASE_URL && python setup.py build");
    const p = await buildPlan(
      await repo(
        job(`      - run: pip install psycopg mysql-connector-python redis
      - run: echo "$PLAIN" > plain.txt
      - run: cargo build --features mysql
        env:
          DATABASE_URL: mysql://root@127.0.0.1/app
      - run: npm run build -- --out=postgres-docs
      - run: cp config/psql.conf.example config/psql.conf
`)
      )
    );
    expect(p.setup).toBeUndefined();
    expect(p.from.setup).toBeUndefined();
    expect(p.install).toMatch(
      /^pip install psycopg mysql-connector-python redis && .* && cp config\/psql\.conf\.example config\/psql\.conf$/
    );
  });

  it('the setup runs before the test in one shell; a failing setup is said and the test still runs, its exit is the result', async () => {
    const dir = await repo({ 'sub/.keep': '' });
    const sh = (cmd: string) => spawnSync('sh', ['-c', cmd], { cwd: dir, encoding: 'utf8' });
    const ok = sh(withSetup('(cd sub && echo made > ../marker)', 'cd sub && cat ../marker && exit 3'));
    expect([ok.status, ok.stdout, ok.stderr]).toEqual([3, 'made\n', '']);
    const bad = sh(withSetup('psql-not-here -c x && echo never > marker2', 'test ! -e marker2'));
    expect(bad.status).toBe(0);
    expect(bad.stderr).toMatch(/nightwatch: the service setup failed \(exit 127\); the tests run without it/);
    expect(withSetup(undefined, 'pytest')).toBe('pytest');
    expect(execFileSync('sh', ['-n', '-c', withSetup('a && (b; c)', 'cd x && d')])).toHaveLength(0);
  });

  it('verify fast after a setup: a selection only where it keeps the setup and ends in the runner', () => {
    const setup = `psql -c 'CREATE DATABASE t' $DATABASE_URL`;
    const sel = (test: string, ids: string[]) => failingTestsCommand(withSetup(setup, test), ids);
    // pytest's selection replaces what comes before it (other than a cd): none, the whole suite runs.
    expect(sel('cd api && python -m pytest -q', ['tests/test_a.py::test_x'])).toBeUndefined();
    for (const [test, ids] of [
      ['cd api && go test ./...', ['TestX']],
      ['npx jest', ['adds']]
    ] as const) {
      const cmd = sel(test, [...ids]);
      expect(cmd?.startsWith(withSetup(setup, test))).toBe(true);
      expect(cmd?.slice(withSetup(setup, test).length)).toMatch(/^ (-run|-t) '/);
    }
  });

  it('steps built to make the service patterns backtrack are planned at once', async () => {
    const line = (tok: string): string => tok.repeat(Math.floor(40_000 / tok.length));
    const steps = ['a=b ', ';migrate ', 'goose db:1 ', '$X ', 'db:5 ', '--host=db']
      .flatMap(tok => [
        `      - run: ${line(tok)}`,
        `      - run: |\n          ${line(tok + '\n          ')}`
      ])
      .join('\n');
    const dir = await repo(job(`${steps}\n`));
    const t0 = Date.now();
    expect((await buildPlan(dir)).test).toBe('pytest');
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('hostile workflows', () => {
  it('a workflow that is a symbolic link is never read', async () => {
    const outside = await repo({ 'secret.yml': 'jobs:\n  leak:\n    steps:\n      - run: pytest\n' });
    const dir = await repo({ 'pyproject.toml': '[tool.pytest.ini_options]\n' });
    await mkdir(path.join(dir, '.github/workflows'), { recursive: true });
    await symlink(path.join(outside, 'secret.yml'), path.join(dir, '.github/workflows/ci.yml'));
    await expect(buildPlan(dir, { workflow: '.github/workflows/ci.yml' })).rejects.toThrow(
      /ci.yml cannot be read as a workflow: .*symbolic link/
    );
    await expect(buildPlan(dir, { job: 'leak' })).rejects.toThrow(PlanError);
    // Searching the folder skips the link: the project files answer.
    expect((await buildPlan(dir)).job).toBeUndefined();
    // A linked workflows folder is not followed either.
    const dir2 = await repo({});
    await mkdir(path.join(dir2, '.github'));
    await symlink(outside, path.join(dir2, '.github/workflows'));
    await expect(buildPlan(dir2, { job: 'leak' })).rejects.toThrow(/no job named 'leak'/);
  });

  it('a working directory that is a link is not looked into to choose between toolchains', async () => {
    const outside = await repo({ 'go.mod': 'module x\n\ngo 1.22\n' });
    const body = `jobs:
  t:
    defaults: { run: { working-directory: app } }
    steps:
      - uses: actions/setup-go@v5
        with: { go-version: '1.22' }
      - uses: actions/setup-node@v4
        with: { node-version: '20' }
      - run: make test
`;
    const real = await repo({ ...wf(body), 'app/go.mod': 'module x\n\ngo 1.22\n' });
    expect((await buildPlan(real)).image).toBe('golang:1.22');
    const linked = await repo(wf(body));
    await symlink(outside, path.join(linked, 'app'));
    // The link's target says Go; it is not read: the last setup step's image is used.
    expect((await buildPlan(linked)).image).toBe('node:20');
  });

  it('steps built to make the step patterns backtrack are planned at once', async () => {
    const line = (tok: string): string => tok.repeat(Math.floor(50_000 / tok.length));
    const steps = ['mvn ', 'gradle ', 'uv run ', 'mysqladmin ']
      .flatMap(tok => [
        `      - run: ${line(tok)}`,
        `      - run: |\n          ${line(tok.trim() + ' \\\n          ')}`
      ])
      .join('\n');
    const dir = await repo(
      wf(`jobs:\n  t:\n    services: { db: postgres }\n    steps:\n${steps}\n      - run: pytest\n`)
    );
    const t0 = Date.now();
    expect((await buildPlan(dir)).test).toBe('pytest');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('an alias bomb is refused at once', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    lines.push('jobs:\n  t:\n    env: { X: *l }\n    steps:\n      - run: pytest');
    const dir = await repo(wf(lines.join('\n')));
    const t0 = Date.now();
    await expect(buildPlan(dir, { workflow: '.github/workflows/ci.yml' })).rejects.toThrow(
      /ci.yml could not be read as a workflow: .*alias/i
    );
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a 10 MB workflow is refused without being read', async () => {
    const big = `jobs:\n  t:\n    steps:\n      - run: pytest\n# ${'x'.repeat(10 * 1024 * 1024)}\n`;
    const dir = await repo(wf(big));
    const t0 = Date.now();
    await expect(buildPlan(dir, { workflow: '.github/workflows/ci.yml' })).rejects.toThrow(
      /larger than 524288 bytes \(GitHub refuses workflows over 512 KiB\)/
    );
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('secrets and the token in env and run never reach the plan', async () => {
    const dir = await repo(
      wf(`
env:
  API_KEY: \${{ secrets.API_KEY }}
  PLAIN: hello
jobs:
  t:
    env:
      GH: \${{ github.token }}
      TOKEN_OR: \${{ secrets.X || 'fallback' }}
    services:
      db:
        image: postgres:16
        credentials:
          username: u
          password: \${{ secrets.REG }}
        env:
          POSTGRES_PASSWORD: \${{ secrets.PG }}
          POSTGRES_DB: app
    steps:
      - run: 'curl -H "Authorization: \${{ secrets.DEPLOY }}" https://example.invalid/setup.sh | sh'
      - run: GITHUB_TOKEN=\${{ github['token'] }} pytest -k \${{ secrets.FILTER }}
`)
    );
    const plan = await buildPlan(dir);
    // Step names quote the script as written (as the run shows them); what runs never holds a reference.
    const all = JSON.stringify([plan.install, plan.test, plan.env, plan.services]);
    expect(plan.install).toBe('(curl -H "Authorization: " https://example.invalid/setup.sh | sh)');
    expect(all).not.toMatch(/secrets\.|github\.token|github\['token'\]|fallback/);
    expect(plan.env).toEqual({ PLAIN: 'hello' });
    expect(plan.test).toBe('GITHUB_TOKEN= pytest -k');
    expect(plan.services).toEqual([{ name: 'db', image: 'postgres:16', env: { POSTGRES_DB: 'app' } }]);
    expect(plan.notes).toEqual(
      expect.arrayContaining([
        'env API_KEY dropped: it uses secrets or github.token',
        'jobs.t.env GH dropped: it uses secrets or github.token',
        'jobs.t.services.db.credentials dropped: no registry login in a reproduction',
        "step 'Run GITHUB_TOKEN=${{ github['token'] }} pytest -k ${{ secrets.FILTER }}': what uses secrets or github.token was left empty"
      ])
    );
  });

  it('a job name template of many matrix values is not matched by backtracking (a long name fails at once)', async () => {
    const name = Array.from({ length: 30 }, (_, i) => `\${{ matrix.k${i} }}`).join('');
    const dir = await repo(
      wf(
        `jobs:\n  t:\n    name: "${name}"\n    strategy:\n      matrix: \${{ fromJSON(needs.a.outputs.m) }}\n    steps:\n      - run: pytest\n`
      )
    );
    const t0 = Date.now();
    await expect(buildPlan(dir, { job: 'x'.repeat(400) + '!' })).rejects.toThrow(/no job named/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a matrix computed at run time: values read from the name the run shows, in the order written', async () => {
    const dir = await repo(
      wf(`on:
  workflow_call:
    inputs:
      pythons: { type: string, default: '["3.11", "3.12"]' }
jobs:
  t:
    strategy:
      matrix:
        python: \${{ fromJSON(inputs.pythons) }}
        db: \${{ fromJSON(needs.d.outputs.dbs) }}
    steps:
      - uses: actions/setup-python@v5
        with: { python-version: '\${{ matrix.python }}' }
      - run: pytest
        env: { DB: '\${{ matrix.db }}' }
`)
    );
    const p = await buildPlan(dir, { job: 't (3.12, mysql)' });
    expect(p).toMatchObject({ image: 'python:3.12-slim', env: { DB: 'mysql' } });
    expect(p.notes).toContain(
      "the matrix of job 't' is computed at run time; its values are read from the job's name: python=3.12, db=mysql"
    );
    // Too many values for the keys: the job is found, its values are not read.
    const odd = await buildPlan(dir, { job: 't (3.12, mysql, extra)' });
    expect(odd.env).toEqual({ DB: '' });
    expect(odd.notes).toContain("the matrix of job 't' is computed at run time; its values are unknown here");
  });

  it('a working-directory outside the repository and a bad service image are refused', async () => {
    const dir = await repo(
      wf('jobs:\n  t:\n    steps:\n      - run: pytest\n        working-directory: ../../etc\n')
    );
    await expect(buildPlan(dir)).rejects.toThrow(
      /working-directory '..\/..\/etc' is not inside the repository/
    );
    const dir2 = await repo(
      wf(
        'jobs:\n  t:\n    services:\n      db:\n        image: "postgres; rm -rf /"\n    steps:\n      - run: pytest\n'
      )
    );
    await expect(buildPlan(dir2)).rejects.toThrow(/is not an image name/);
  });

  it('malformed workflows get errors that name the file and the place', async () => {
    const cases: [string, RegExp][] = [
      ['jobs: [1, 2]', /has no jobs/],
      ['jobs:\n  t:\n    steps: {run: x}\n', /jobs.t.steps must be a list/],
      ['jobs:\n  t:\n    steps:\n      - name: nothing\n', /jobs.t.steps\[0\] has neither run: nor uses:/],
      ['jobs:\n  t: {steps: [{run: a}]}\n  t: {}\n', /line 3 is not valid YAML/],
      [`${'['.repeat(100000)}`, /ci.yml/]
    ];
    for (const [text, err] of cases) {
      const dir = await repo(wf(text));
      await expect(buildPlan(dir, { workflow: '.github/workflows/ci.yml' })).rejects.toThrow(err);
    }
  });
});
