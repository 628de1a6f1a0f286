/**
 * Service setup: the `run:` steps before the failing step that need one of the job's services (a
 * `psql … CREATE DATABASE`, `sqlx migrate run`, `redis-cli …`). The sandbox starts the services
 * fresh for every test run and never for the install, so such a step runs right before the test, in
 * every test run. Conservative: a step moves only when its own text names a service client, a
 * service URL, or a variable whose value is a service's address; everything else stays in the install.
 */
/** A client or migration tool of a database or queue, at a command's start (after `X=1`, `sudo`). */
const CLIENT =
  /(?:^|[;&|(][ \t]*)(?:[A-Za-z_]\w*=\S*[ \t]+)*(?:sudo[ \t]+)?((?:\S*\/)?(?:psql|pg_restore|createdb|dropdb|createuser|mysql|mariadb|mongosh|mongo|redis-cli|valkey-cli|cqlsh|sqlcmd|clickhouse-client)(?=\s|$)|sqlx\s+(?:db|database|migrate)\b|diesel\s+(?:setup|database|migration\s+run)\b|(?:bundle\s+exec\s+)?(?:rails|rake)\s+db:\w+|alembic\s+upgrade\b|python[\d.]*\s+\S*manage\.py\s+migrate\b|(?:npx\s+)?prisma\s+(?:migrate|db)\s|goose\s(?:.*\s)?up\b|migrate\s(?:.*\s)?-database\s)/m;

/** A URL of a database or queue (`postgres://…`, `redis://…`). */
const SERVICE_URL =
  /\b(postgres(?:ql)?|mysql|mariadb|redis|rediss|mongodb(?:\+srv)?|amqp|amqps|clickhouse):\/\/\S+/i;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** Whether a value is the address of a service: its URL, `host=` of it, or `host:port` of it. */
function isServiceAddress(value: string, services: readonly string[]): boolean {
  if (SERVICE_URL.test(value)) return true;
  const hosts = ['localhost', '127\\.0\\.0\\.1', ...services.map(escape)];
  const h = `(?:${hosts.join('|')})`;
  return new RegExp(`(?:^|[\\s@/])host=${h}(?:\\s|$)|(?:^|[\\s@/=])${h}:\\d{2,5}\\b`).test(value);
}

/**
 * Why a step (an install or build by its kind) needs a job service, or undefined. `env` is what the
 * step sees (workflow, job and its own `env:`), `services` the job's service names.
 */
export function serviceNeed(
  script: string,
  env: Record<string, string>,
  services: readonly string[]
): string | undefined {
  if (services.length === 0) return undefined;
  const lines = script
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter(l => !/^\s*#/.test(l))
    .map(l => l.slice(0, 1000))
    .join('\n');
  const client = CLIENT.exec(lines);
  if (client)
    return `runs ${client[1].trim().split(/\s+/).slice(0, 2).join(' ')}, a client of the job's services`;
  const url = SERVICE_URL.exec(lines);
  if (url) return `names the service URL ${url[1]}://…`;
  const named = services.map(escape).join('|');
  const host = new RegExp(
    `(?:^|[\\s@/=])(${named}):\\d{2,5}\\b|\\s(?:-h\\s*|--host[=\\s])(${named})(?=\\s|$)`,
    'm'
  ).exec(lines);
  if (host) return `names the service ${host[1] ?? host[2]} as a host`;
  for (const m of lines.matchAll(/\$\{?([A-Za-z_]\w*)/g)) {
    const v = env[m[1]];
    if (v !== undefined && isServiceAddress(v, services)) return `uses $${m[1]}, a service's address`;
  }
  return undefined;
}

/**
 * The test command with the service setup before it. A setup that fails (the image lacks `psql`)
 * is said and the tests run anyway, as with the workflow's install: the test's own exit tells.
 */
export function withSetup(setup: string | undefined, test: string): string {
  if (!setup) return test;
  return `{ ${setup} || echo "nightwatch: the service setup failed (exit $?); the tests run without it" >&2; }; ${test}`;
}
