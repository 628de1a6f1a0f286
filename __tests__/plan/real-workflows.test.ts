/**
 * plan/ on real workflows of a dozen more projects (fixtures/, each with its source repo@commit on
 * its first line), in Python, Node, Go, Rust, Java and Ruby: for each, the plan a careful engineer
 * would write by hand. None comes from a project kept aside for the final check.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildPlan, type Plan } from '../../src/plan/index.js';

const FIXTURES = path.resolve('__tests__/plan/fixtures');
let dirs: string[] = [];

async function withFixtures(names: string[], files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nw-plan-real-'));
  dirs.push(dir);
  await mkdir(path.join(dir, '.github/workflows'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  for (const name of names) {
    await writeFile(
      path.join(dir, '.github/workflows', name),
      await readFile(path.join(FIXTURES, name), 'utf8')
    );
  }
  return dir;
}

/** The plan of one job (and step) of one fixture. */
async function plan(
  fixture: string,
  job: string,
  step?: string,
  files: Record<string, string> = {}
): Promise<Plan> {
  const dir = await withFixtures([fixture], files);
  return buildPlan(dir, { workflow: `.github/workflows/${fixture}`, job, ...(step ? { step } : {}) });
}

const skippedSteps = (p: Plan): string[] => p.skipped.map(s => s.step);
const why = (p: Plan, step: string): string | undefined => p.skipped.find(s => s.step === step)?.why;

afterEach(async () => {
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })));
  dirs = [];
});

describe('fixtures: where they come from', () => {
  /** Projects whose workflows are kept aside for the final check (owner optional). */
  const KEPT_ASIDE: { owner?: string; name?: string }[] = [
    { name: 'rq' },
    { owner: 'pallets', name: 'click' },
    { owner: 'modelcontextprotocol', name: 'servers' },
    { name: 'meson' },
    { owner: 'bugswarm' },
    { name: 'got' },
    { name: 'node-postgres' },
    { owner: 'prometheus', name: 'alertmanager' },
    { owner: 'tanstack', name: 'store' },
    { name: 'gin' },
    { name: 'gorm' },
    { owner: 'dtolnay', name: 'anyhow' },
    { name: 'ripgrep' },
    { name: 'jackson-core' },
    { owner: 'apache', name: 'avro' }
  ];

  it('every fixture names its source repository and commit, and none is a project kept aside', async () => {
    const files = (await readdir(FIXTURES)).filter(f => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(17);
    const repos = new Set<string>();
    for (const f of files) {
      const first = (await readFile(path.join(FIXTURES, f), 'utf8')).split('\n')[0];
      const m =
        /^# Source: https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\/blob\/([0-9a-f]{40})\/\.github\/workflows\/\S+\.ya?ml /.exec(
          first
        );
      expect([f, m !== null]).toEqual([f, true]);
      const [owner, name] = [m![1].toLowerCase(), m![2].toLowerCase()];
      const kept = KEPT_ASIDE.find(
        k => (k.owner === undefined || k.owner === owner) && (k.name === undefined || k.name === name)
      );
      expect([f, `${owner}/${name}`, kept]).toEqual([f, `${owner}/${name}`, undefined]);
      repos.add(`${owner}/${name}`);
    }
    // A dozen more than the first five (requests, flask, express, river, sqlc).
    expect(repos.size).toBeGreaterThanOrEqual(17);
  });

  it('the check itself catches a kept-aside project (a fixture header from rq/rq would fail it)', () => {
    const header =
      '# Source: https://github.com/rq/rq/blob/' + '0'.repeat(40) + '/.github/workflows/workflow.yml (x)';
    const m = /github\.com\/([\w.-]+)\/([\w.-]+)\/blob/.exec(header)!;
    expect(KEPT_ASIDE.some(k => (k.owner ?? m[1]) === m[1] && (k.name ?? m[2]) === m[2])).toBe(true);
  });
});

describe('Python', () => {
  it('encode/httpx: the matrix job by its templated name; install and build kept, the lint script skipped', async () => {
    const p = await plan('httpx-test-suite.yml', 'Python 3.12');
    expect(p).toMatchObject({
      image: 'python:3.12-slim',
      language: 'python',
      version: '3.12',
      install: 'scripts/install && scripts/build',
      test: 'scripts/test',
      workingDirectory: '.',
      services: [],
      step: 'Run tests'
    });
    expect(why(p, 'Run linting checks')).toMatch(/^a check/);
    expect((await plan('httpx-test-suite.yml', 'Python 3.9')).image).toBe('python:3.9-slim');
  });

  it('python-attrs/attrs: a matrix computed from another job is read from the job name; uv installed; the wheel-only step kept', async () => {
    const step = 'Run uv run --only-group tox tox run --installpkg dist/*.whl -e $PYTHON-tests';
    const p = await plan('attrs-ci.yml', 'Tests & Mypy on 3.13', step);
    expect(p).toMatchObject({
      image: 'python:3.13-slim',
      version: '3.13',
      job: 'Tests & Mypy on 3.13',
      test: 'uv run --only-group tox tox run --installpkg dist/*.whl -e $PYTHON-tests',
      // `rm -rf src` is named "…to ensure tests run against wheel" but runs no test: it prepares one.
      install: 'tar xf dist/*.tar.gz --strip-components=1 && python3 -m pip install -q uv && rm -rf src'
    });
    expect(p.env).toMatchObject({ PYTHON: '3.13', FORCE_COLOR: '1' });
    expect(p.notes).toContain(
      "the matrix of job 'tests' is computed at run time; its values are read from the job's name: python-version=3.13"
    );
    expect(why(p, 'Run uv run --only-group tox tox run -e $PYTHON-mypy')).toMatch(/^another test run/);
    expect(why(p, 'Download pre-built packages')).toBe('artifacts: not needed to reproduce');
    // The PyPy job names no Python: the test command's tool (tox through uv) says python.
    const pypy = await plan('attrs-ci.yml', 'Tests on pypy-3.11');
    expect(pypy).toMatchObject({
      image: 'python:3.12-slim',
      language: 'python',
      env: { PYTHON: 'pypy-3.11' }
    });
  });

  it('celery/celery: apt-get with sudo skipped (the sandbox installs unprivileged), tox installed, the job of a custom runner', async () => {
    const p = await plan('celery-python-package.yml', 'Unit (3.12, blacksmith-4vcpu-ubuntu-2404)');
    expect(p).toMatchObject({
      image: 'python:3.12-slim',
      install: "python -m pip install --upgrade pip 'tox' tox-gh-actions",
      test: 'tox --verbose --verbose',
      step: 'Run tox for "3.12-unit"'
    });
    expect(why(p, 'Install apt packages')).toMatch(/^installs system packages \(sudo, apt-get\)/);
    expect(
      (await plan('celery-python-package.yml', 'Unit (pypy3.11, blacksmith-4vcpu-ubuntu-2404)')).image
    ).toBe('pypy:3.11-slim');
    // Excluded combinations do not exist.
    await expect(plan('celery-python-package.yml', 'Unit (3.12, windows-latest)')).rejects.toThrow(
      /no job named/
    );
  });

  it("celery/celery (reusable workflow): the matrix from the inputs' defaults, services kept, the command inside nick-fields/retry is the test", async () => {
    const p = await plan('celery-integration-tests.yml', 'testing-with (3.13, rabbitmq_redis)');
    expect(p).toMatchObject({
      image: 'python:3.13-slim',
      install: "python -m pip install --upgrade pip 'tox' tox-gh-actions",
      test: 'tox --verbose --verbose -e "3.13-integration-rabbitmq_redis" -- -vv',
      services: [
        { name: 'redis', image: 'redis', env: { REDIS_HOST: 'localhost', REDIS_PORT: '6379' } },
        {
          name: 'rabbitmq',
          image: 'rabbitmq:management',
          env: { RABBITMQ_DEFAULT_USER: 'guest', RABBITMQ_DEFAULT_PASS: 'guest' }
        }
      ]
    });
    expect(p.notes.join('\n')).toMatch(/the command given to nick-fields\/retry \(its retries are not run\)/);
    expect(p.notes.join('\n')).toMatch(
      /inputs take the defaults .* \(test_path, python_versions, tox_environments\)/
    );
    // 3.14t is in the default list: its image is said to be a stand-in.
    const ft = await plan('celery-integration-tests.yml', 'testing-with (3.14t, redis)');
    expect(ft.image).toBe('python:3.14-slim');
    expect(ft.notes.join('\n')).toMatch(/free-threaded Python 3.14/);
  });

  it('langchain-ai/langsmith-sdk (monorepo): defaults.run.working-directory python, setup-uv names the Python', async () => {
    const p = await plan('langsmith-sdk-ci.yml', 'Python Test 3.11');
    expect(p).toMatchObject({
      image: 'python:3.11-slim',
      language: 'python',
      version: '3.11',
      workingDirectory: 'python',
      install:
        "python3 -m pip install -q uv && (cd python && bash -e -c 'uv sync --group dev --group lint\nuv pip install langchain') && (cd python && uv build)",
      test: 'make tests',
      step: 'Run Unit tests 3.11'
    });
    expect(p.from.image).toBe("step 'Install uv'");
  });
});

describe('Node', () => {
  it('langchain-ai/langsmith-sdk (monorepo): js/ with pnpm from pnpm/action-setup; the version check skipped', async () => {
    const p = await plan('langsmith-sdk-ci.yml', 'JS Unit Tests (ubuntu-latest, 22.x)');
    expect(p).toMatchObject({
      image: 'node:22',
      version: '22.x',
      workingDirectory: 'js',
      install:
        'npm install --global pnpm@10 && (cd js && pnpm install --frozen-lockfile) && (cd js && pnpm run build)',
      test: 'pnpm run test'
    });
    expect(why(p, 'Check version')).toMatch(/^a check/);
    // The include entries for other systems are separate jobs.
    expect((await plan('langsmith-sdk-ci.yml', 'JS Unit Tests (macos-latest, 24.x)')).notes).toContain(
      'the job runs on macos-latest; it is reproduced on Linux'
    );
  });

  it('fastify/fastify: a matrix job, reusable-workflow jobs ignored; a bundler test in its folder', async () => {
    const p = await plan('fastify-ci.yml', 'test-unit (26, ubuntu-latest)');
    expect(p).toMatchObject({
      image: 'node:26',
      install: 'npm install --ignore-scripts',
      test: 'npm run unit',
      workingDirectory: '.'
    });
    const pkg = await plan('fastify-ci.yml', 'package', 'Test esbuild bundle');
    expect(pkg).toMatchObject({
      image: 'node:lts',
      test: 'cd test/bundler/esbuild && npm run test',
      install:
        'npm install --ignore-scripts && (cd test/bundler/webpack && npm install --ignore-scripts) && (cd test/bundler/esbuild && npm install --ignore-scripts)'
    });
    expect(why(pkg, 'Test webpack bundle')).toMatch(/^another test run/);
    const types = await plan('fastify-ci.yml', 'test-types');
    expect(types).toMatchObject({
      image: 'node:20',
      test: 'npm run test:types',
      env: { NODE_OPTIONS: 'no-network-family-autoselection' }
    });
  });

  it('knex/knex: databases started with docker compose are skipped and said; a per-database step by its if:', async () => {
    const p = await plan('knex-integration-tests.yml', 'CI (20.x, pgnative)');
    expect(p).toMatchObject({
      image: 'node:20',
      test: 'npm run test:db',
      env: { CI: 'true', DB: 'pgnative', KNEX_TEST_TIMEOUT: '60000' }
    });
    expect(p.install).toMatch(/^\(bash -e -c 'n=0\nuntil npm install; do/);
    expect(p.install).toMatch(/ && npm i pg-native && npm run build$/);
    expect(why(p, 'Start Database(s)')).toMatch(/^runs Docker: the sandbox has no Docker/);
    expect(why(p, 'Initialize Database(s)')).toMatch(/^runs Docker/);
    expect(why(p, 'Install oracle dependencies')).toBe(
      "its if: (matrix.database-type == 'oracledb') is false for this job"
    );
    const sqlite = await plan('knex-integration-tests.yml', 'CI (22.x, sqlite3)');
    expect(why(sqlite, 'Start Database(s)')).toMatch(/^its if: .* is false for this job/);
    expect(sqlite.install).not.toMatch(/pg-native/);
    await expect(plan('knex-integration-tests.yml', 'CI (16.x, mariadb)')).rejects.toThrow(/no job named/);
  });
});

describe('Go', () => {
  it('jackc/pgx: include values become the test env; the gofmt check skipped; the database setup script kept', async () => {
    const p = await plan('pgx-ci.yml', 'Test (1.26, 16)');
    expect(p).toMatchObject({
      image: 'golang:1.26',
      language: 'go',
      install: '(export PGVERSION=16 && ci/setup_test.bash)',
      test: 'go test -race ./...'
    });
    expect(p.env).toMatchObject({
      PGX_TEST_DATABASE: 'host=127.0.0.1 user=pgx_md5 password=secret dbname=pgx_test',
      PGX_SSL_PASSWORD: 'certpw'
    });
    expect(why(p, 'Check formatting')).toMatch(/^a check/);
    const crdb = await plan('pgx-ci.yml', 'Test (1.25, cockroachdb)');
    expect(crdb.env.PGX_TEST_DATABASE).toBe(
      'postgresql://root@127.0.0.1:26257/pgx_test?sslmode=disable&experimental_enable_temp_tables=on'
    );
    const bouncer = await plan('pgx-ci.yml', 'Test PgBouncer with PostgreSQL 18');
    expect(bouncer.install).toBe('(export PGVERSION=18 && ci/setup_test.bash) && ci/setup_pgbouncer.bash');
    expect(bouncer.test).toBe(
      "go test -parallel=1 -race -count=1 -run 'TestPgbouncer|TestConnContextCanceledCancelsRunningQueryOnServer' ./..."
    );
  });

  it('spf13/cobra: a job whose only step runs Docker says it cannot run as written', async () => {
    const p = await plan('cobra-test.yml', 'lic-headers');
    expect(p.test).toMatch(/^docker run -v \$\(pwd\):\/wrk/);
    expect(p.notes).toContainEqual(
      expect.stringMatching(/runs Docker; the sandbox has none, so it cannot run as written/)
    );
  });

  it('spf13/cobra: a name built from two matrix values, a go-version of 1.${{ matrix.go }}.x, an env expression with <', async () => {
    const p = await plan('cobra-test.yml', 'ubuntu | 1.22.x');
    expect(p).toMatchObject({
      image: 'golang:1.22',
      version: '1.22.x',
      test: 'RICHGO_FORCE_COLOR=1 PATH=$HOME/go/bin/:$PATH make richtest',
      install:
        "bash -e -c 'export GOBIN=$HOME/go/bin\ngo install github.com/kyoh86/richgo@latest\ngo install github.com/mitchellh/gox@latest'",
      env: { GO111MODULE: 'on', GO_TEST_FLAGS: '' }
    });
    const mac = await plan('cobra-test.yml', 'macOS | 1.20.x');
    expect(mac.env.GO_TEST_FLAGS).toBe('-ldflags=-linkmode=external');
  });
});

describe('Go (2)', () => {
  it("junegunn/fzf: Go and Ruby set up; `make test` in a Go project runs in Go's image; apt via sudo skipped", async () => {
    const files = {
      'go.mod': 'module github.com/junegunn/fzf\n\ngo 1.23\n',
      Gemfile: "source 'https://rubygems.org'\n"
    };
    const p = await plan('fzf-linux.yml', 'build', undefined, files);
    expect(p).toMatchObject({
      image: 'golang:1.23',
      language: 'go',
      install: 'bundle install',
      test: 'make test',
      step: 'Unit test',
      env: { LANG: 'C.UTF-8' }
    });
    expect(why(p, 'Install packages')).toMatch(/^installs system packages/);
    expect(why(p, 'Rubocop')).toMatch(/^a check/);
    expect(p.notes).toContain("step 'Setup Ruby' (ruby/setup-ruby 3.4.6) not in the image golang:1.23");
    // The fuzz step is a test run before the integration test; the integration test runs ruby.
    const it2 = await plan('fzf-linux.yml', 'build', 'Integration test', files);
    expect(it2.image).toBe('golang:1.23');
    expect(why(it2, 'Fuzz test')).toMatch(/^another test run/);
  });

  it('charmbracelet/bubbletea: a go-version range (^1) from the matrix; checkout after setup', async () => {
    const p = await plan('bubbletea-coverage.yml', 'coverage (^1, ubuntu-latest)');
    expect(p).toMatchObject({
      image: 'golang:1',
      version: '^1',
      test: 'go test -race -covermode=atomic -coverprofile=coverage.txt ./...',
      env: { GO111MODULE: 'on' }
    });
    expect(p.install).toBeUndefined();
  });
});

describe('version files (go-version-file, node-version-file, python-version-file)', () => {
  const wf = (uses: string, input: string, file: string, test: string): string =>
    `jobs:\n  t:\n    steps:\n      - uses: ${uses}\n        with:\n          ${input}: ${file}\n      - run: ${test}\n`;

  it('go.mod: its toolchain line, else its go line', async () => {
    const go = (mod: string): Promise<Plan> =>
      withFixtures([], {
        '.github/workflows/ci.yml': wf('actions/setup-go@v5', 'go-version-file', 'go.mod', 'go test ./...'),
        'go.mod': mod
      }).then(d => buildPlan(d));
    expect((await go('module x\n\ngo 1.22\n\ntoolchain go1.22.5\n')).image).toBe('golang:1.22.5');
    const p = await go('module x\n\ngo 1.21\n');
    expect(p.image).toBe('golang:1.21');
    expect(p.notes).toContain("step 'Run actions/setup-go@v5': go-version-file go.mod says 1.21");
  });

  it(".nvmrc and attrs's .python-version-default; a missing file or a linked one is said, and the fallback used", async () => {
    const node = await buildPlan(
      await withFixtures([], {
        '.github/workflows/ci.yml': wf('actions/setup-node@v4', 'node-version-file', '.nvmrc', 'npm test'),
        '.nvmrc': 'v20.11.1\n'
      })
    );
    expect(node.image).toBe('node:20.11.1');
    const lint = await plan('attrs-ci.yml', 'Run linters', undefined, {
      '.python-version-default': '3.13\n'
    });
    expect(lint.image).toBe('python:3.13-slim');
    const missing = await plan('attrs-ci.yml', 'Run linters');
    expect(missing.image).toBe('python:3.12-slim');
    expect(missing.notes).toContain(
      "step 'Run actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97': .python-version-default is not in the repository"
    );
    const dir = await withFixtures(['attrs-ci.yml'], { 'elsewhere.txt': '3.9\n' });
    await symlink(path.join(dir, 'elsewhere.txt'), path.join(dir, '.python-version-default'));
    const linked = await buildPlan(dir, { job: 'Run linters' });
    expect(linked.image).toBe('python:3.12-slim');
    expect(linked.notes.join('\n')).toMatch(/\.python-version-default not read: .*symbolic link/);
  });
});

describe('Rust', () => {
  it('serde-rs/serde: @nightly, @miri and toolchain: from the matrix; builds before the failing step are the install', async () => {
    const t = await plan('serde-ci.yml', 'Test suite');
    expect(t).toMatchObject({
      image: 'rust:1',
      version: 'nightly',
      test: 'cd test_suite && cargo test --features unstable',
      env: { RUSTFLAGS: '-Dwarnings' }
    });
    expect(t.install).toBeUndefined();
    expect(t.notes.join('\n')).toMatch(/Rust nightly has no official image/);
    const old = await plan(
      'serde-ci.yml',
      'Rust 1.56.0',
      'Run cd serde && cargo build --no-default-features'
    );
    expect(old).toMatchObject({
      image: 'rust:1.56.0',
      install: 'sed -i \'/"test_suite"/d\' Cargo.toml && (cd serde && cargo build --features rc)',
      test: 'cd serde && cargo build --no-default-features'
    });
    const miri = await plan('serde-ci.yml', 'Miri');
    expect(miri).toMatchObject({
      version: 'nightly',
      install: 'cargo miri setup',
      test: 'cd serde_core && cargo miri test --features rc,unstable',
      env: { MIRIFLAGS: '-Zmiri-strict-provenance' }
    });
    // A name whose expression yields '' on Linux and ' (windows)' on Windows.
    expect((await plan('serde-ci.yml', 'Rust nightly')).test).toBe(
      'cd serde_core && cargo test --features rc,unstable'
    );
    expect((await plan('serde-ci.yml', 'Rust nightly (windows)')).notes).toContain(
      'the job runs on windows-latest; it is reproduced on Linux'
    );
  });

  it('launchbadge/sqlx: no setup action, cargo says Rust; a Postgres started by docker compose is skipped and said', async () => {
    const unit = await plan('sqlx-sqlx.yml', 'Unit Tests');
    expect(unit).toMatchObject({
      image: 'rust:1',
      language: 'rust',
      install: '(rustup show active-toolchain || rustup toolchain install)',
      test: 'cargo test -p sqlx-core --all-features'
    });
    const pg = await plan('sqlx-sqlx.yml', 'Postgres (13, smol, none)');
    expect(pg.test).toBe(
      'cargo test --no-default-features --features any,postgres,macros,migrate,_unstable-all-types,runtime-smol,tls-none'
    );
    expect(pg.env).toEqual({
      DATABASE_URL: 'postgres://postgres:password@localhost:5432/sqlx',
      SQLX_OFFLINE_DIR: '.sqlx',
      RUSTFLAGS: '-D warnings --cfg postgres="13"'
    });
    expect(pg.install).toBe(
      `(rustup show active-toolchain || rustup toolchain install) && (export RUSTFLAGS='-D warnings --cfg postgres="13"' && cargo build  --no-default-features --features postgres,_unstable-all-types,runtime-smol,tls-none,macros,migrate) && mkdir .sqlx`
    );
    expect(skippedSteps(pg).filter(s => /docker/.test(s))).toHaveLength(2);
    expect(pg.skipped.find(s => /docker compose/.test(s.step))?.why).toMatch(/must be a job service/);
  });
});

describe('Java', () => {
  it('google/gson: mvn on maven:3-eclipse-temurin-N, include-only JDKs with their extra args, GraalVM replaced', async () => {
    const p = await plan('gson-build.yml', 'Build on JDK 11');
    expect(p).toMatchObject({
      image: 'maven:3-eclipse-temurin-11',
      language: 'java',
      version: '11',
      test: "mvn verify javadoc:jar -Denforcer.fail=false --projects '!test-graal-native-image,!proto'",
      env: { MAVEN_ARGS: '--show-version --batch-mode --no-transfer-progress' }
    });
    expect(p.install).toBeUndefined();
    expect((await plan('gson-build.yml', 'Build on JDK 21')).test).toBe('mvn verify javadoc:jar');
    const graal = await plan('gson-build.yml', 'GraalVM Native Image test (JDK 21)');
    expect(graal.image).toBe('maven:3-eclipse-temurin-21');
    expect(graal.notes.join('\n')).toMatch(/GraalVM replaced by Eclipse Temurin/);
    // `!test-graal-native-image` is a module name, not the test goal: the plugin check is a check.
    const repro = await plan('gson-build.yml', 'Verify reproducible build');
    expect(repro.test).toMatch(/^bash -e -c 'mvn clean install -Dmaven.test.skip/);
    expect(why(repro, 'Verify no plugin issues')).toMatch(/^a check/);
  });

  it('spring-projects/spring-petclinic: a wrapper brings its own build tool; ./gradlew build runs the tests', async () => {
    const mvn = await plan('petclinic-maven-build.yml', 'build (17)');
    expect(mvn).toMatchObject({
      image: 'eclipse-temurin:17',
      test: './mvnw -B verify',
      step: 'Build with Maven Wrapper'
    });
    const gradle = await plan('petclinic-gradle-build.yml', 'build (17)');
    expect(gradle).toMatchObject({
      image: 'eclipse-temurin:17',
      test: './gradlew build',
      step: 'Build with Gradle'
    });
    expect(why(gradle, 'Setup Gradle')).toMatch(/gradle\/actions is not run/);
    // Without --job the first job that tests is found: ./gradlew build counts as one.
    const dir = await withFixtures(['petclinic-gradle-build.yml']);
    expect((await buildPlan(dir)).step).toBe('Build with Gradle');
  });
});

describe('Ruby', () => {
  it('sinatra/sinatra: setup-ruby gives ruby:V and, with bundler-cache, bundle install in its working-directory', async () => {
    const p = await plan('sinatra-test.yml', 'rack-protection (3.4, rack ~>3.1.0)');
    expect(p).toMatchObject({
      image: 'ruby:3.4',
      version: '3.4',
      install: '(cd rack-protection && bundle install)',
      test: 'bundle exec rake',
      workingDirectory: 'rack-protection',
      env: { rack: '~>3.1.0' },
      step: 'Run rack-protection tests'
    });
    expect(p.notes).toContain("step 'Run ruby/setup-ruby@v1': bundler-cache: true runs bundle install");
    expect((await plan('sinatra-test.yml', 'rack-protection (jruby, rack stable)')).image).toBe(
      'jruby:latest'
    );
    const truffle = await plan('sinatra-test.yml', 'rack-protection (truffleruby, rack stable)');
    expect(truffle.image).toBe('ruby:3');
    expect(truffle.notes.join('\n')).toMatch(/Ruby 'truffleruby' has no official image/);
  });
});
