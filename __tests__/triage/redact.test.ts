import { entropy, maskValues, redact } from '../../src/triage/redact.js';

// Token-shaped values built at run time, so no scanner mistakes this file for a leak.
const gh = 'ghp_' + 'Zx9'.repeat(12);
const pat = 'github_pat_' + '11ABCDEFG0' + 'a'.repeat(72);
const google = 'AIza' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q';
const aws = 'AKIA' + 'IOSFODNN7EXAMPLE';
const slack = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const jwt =
  'eyJhbGciOiJIUzI1NiJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIn0' + '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('redact', () => {
  it.each([
    ['GitHub token', `remote: https://x-access-token:${gh}@github.com/acme/app`],
    ['fine-grained PAT', `token=${pat}`],
    ['Google API key', `GEMINI key ${google} rejected`],
    ['AWS access key', `aws_access_key_id = ${aws}`],
    ['Slack token', `posting with ${slack}`],
    ['JWT', `Authorization: Bearer ${jwt}`]
  ])('removes a %s', (_kind, line) => {
    const out = redact(line);
    expect(out).toContain('***');
    for (const secret of [gh, pat, google, aws, slack, jwt]) expect(out).not.toContain(secret);
  });

  it('removes a private key block, even one cut off at the end of a chunk', () => {
    const body = 'MIIEpAIBAAKCAQEA1c7ycVmM8e0D' + 'q'.repeat(40);
    const whole = `key:\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\nnext`;
    expect(redact(whole)).toBe(
      'key:\n-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----\nnext'
    );
    expect(redact(`-----BEGIN OPENSSH PRIVATE KEY-----\n${body}`)).not.toContain(body);
  });

  it('removes ::add-mask:: values wherever they appear, and extra secrets', () => {
    const text = '::add-mask::s3cr3t-Value-42\nconnecting with s3cr3t-Value-42 as deploy-bot-7';
    expect(maskValues(text)).toEqual(['s3cr3t-Value-42']);
    expect(redact(text, ['deploy-bot-7'])).toBe('::add-mask::***\nconnecting with *** as ***');
  });

  it('removes high-entropy values of KEY/TOKEN/SECRET/PASSWORD names but keeps ordinary ones', () => {
    expect(redact('DB_PASSWORD=Xk29!vQp7zL0')).toBe('DB_PASSWORD=***');
    expect(redact('export API_TOKEN="a8F3kLq92ZxP0w"')).toBe('export API_TOKEN="***"');
    expect(redact('client_secret: 9fQ2-LmZ8-pR4x-Tt1w')).toBe('client_secret: ***');
    // Words, placeholders and booleans are not secrets.
    expect(redact('SECRET_NAME=production')).toBe('SECRET_NAME=production');
    expect(redact('PASSWORD=${{ secrets.DB_PASSWORD }}')).toBe('PASSWORD=${{ secrets.DB_PASSWORD }}');
    expect(redact('cache key: node-modules-linux')).toBe('cache key: node-modules-linux');
  });

  it('removes the password of a URL', () => {
    expect(redact('fatal: unable to access https://bot:hunter2pass@git.example.com/x.git/')).toBe(
      'fatal: unable to access https://bot:***@git.example.com/x.git/'
    );
  });

  it('measures entropy in bits per character', () => {
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
  });

  // Built at run time, so no scanner mistakes this file for a leak.
  const hex40 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b';
  const slackHook = `https://hooks.slack.com/services/T0${'1'.repeat(8)}/B0${'2'.repeat(8)}/${'x'.repeat(24)}`;
  const discordHook = `https://discord.com/api/webhooks/${'1'.repeat(18)}/${'aB3_-'.repeat(12)}`;
  it.each([
    ['password: hunter2hunter2', 'hunter2hunter2'],
    ['passwd=hunter2x', 'hunter2x'],
    ['DB_PASS=correcthorse', 'correcthorse'],
    ['export REDIS_PASSWORD=Zq8wordy', 'Zq8wordy'],
    ['APP_SECRET=abcdefgh', 'abcdefgh'],
    ['NPM_TOKEN=plainwords', 'plainwords'],
    ['STRIPE_KEY=whatever_value', 'whatever_value'],
    ['{"password": "hunter2hunter2"}', 'hunter2hunter2'],
    ['mysql --password hunter2 db', 'hunter2'],
    [`SLACK_URL=${slackHook}`, slackHook.split('/services/')[1]],
    [`posting to ${slackHook} failed`, slackHook.split('/services/')[1]],
    [`posting to ${discordHook}`, discordHook.split('/webhooks/')[1]],
    [`using deploy token ${hex40}`, hex40],
    [`"access_token": "${hex40}"`, hex40],
    ['ghs_' + 'a1B2'.repeat(9), 'a1B2a1B2'],
    ['gho_' + 'a1B2'.repeat(9), 'a1B2a1B2'],
    ['ghu_' + 'a1B2'.repeat(9), 'a1B2a1B2'],
    ['curl -H "Authorization: token ' + 'abcdef0123'.repeat(2) + '"', 'abcdef0123'],
    ['Bearer ' + 'abc.def.ghi-0123456789', 'abc.def.ghi'],
    ['postgres://admin:pa55word@db:5432/x', 'pa55word'],
    ['signing key nearby: ' + 'Qm9vZ3l4c2VjcmV0MTIzNDU2Nzg5', 'Qm9vZ3l4']
  ])('removes %s', (line, secret) => {
    const out = redact(line);
    expect(out).not.toContain(secret);
    expect(out).toContain('***');
  });

  it.each([
    `HEAD is now at ${hex40} fix the discount`,
    `commit ${hex40}`,
    `pip install git+https://github.com/acme/lib@${hex40}`,
    'password = request.form["password"]',
    'password = hashed_password',
    'def check(password: str) -> bool:',
    'token = tokens[0]',
    'self.assertEqual(token_count, 12)',
    'SECRET_NAME=production',
    'TOKEN_FILE=/run/secrets/token',
    'primary_key=True',
    'sort_key = lambda x: x',
    'headers = {"Authorization": f"Bearer {token}"}',
    'api_key = os.environ["API_KEY"]',
    'assert discount_for(Decimal("100.00")) == Decimal("10.00")',
    'tests/test_auth.py::test_token_refresh PASSED',
    // A test module named after a secret word: `::` scopes a node id, it assigns nothing.
    'FAILED tests/test_token.py::test_refresh - AssertionError',
    'tests/h/oauth/jwt_grant_token_test.py::TestJWTGrantToken::test_issuer_raises_for_missing_iss_claim',
    'tests/test_password.py::TestK::test_m FAILED',
    'version = "1.2.3-beta4"'
  ])('keeps ordinary code and logs: %s', line => {
    expect(redact(line)).toBe(line);
  });

  it('finds a secret assignment after another name and separator on the same line', () => {
    expect(redact('config.yml: password: hunter2hunter2')).toBe('config.yml: password: ***');
  });

  it('keeps the line count, and the gutter of shown source, when it removes a key block', () => {
    const body = Array.from({ length: 5 }, (_, i) => `${'QUJD'.repeat(15)}${i}`).join('\n');
    const text = `a\n-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\nb`;
    expect(redact(text).split('\n')).toHaveLength(text.split('\n').length);
    // A tail whose BEGIN line was cut off.
    const tailOnly = `${body}\n-----END PRIVATE KEY-----`;
    expect(redact(tailOnly)).not.toContain('QUJD');
  });

  it('redacts a few MB of log in reasonable time', () => {
    const big = 'E   AssertionError: assert 1 == 2 password key token x=1 foo = baz(qux)\n'.repeat(40_000);
    const t = Date.now();
    redact(big);
    expect(Date.now() - t).toBeLessThan(5000);
  });
});
