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
});
