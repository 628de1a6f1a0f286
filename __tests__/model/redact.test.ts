import { redact } from '../../src/model/redact.js';

describe('redact (model side)', () => {
  it('removes tokens, assigned secrets, auth headers and the given values', () => {
    const text = [
      'GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
      'Authorization: Bearer abcdefghijklmnop0123456789',
      'key AIzaSyA-0123456789abcdefghijklmnopqrstu',
      'my own value s3cr3t-v4lue-here'
    ].join('\n');
    const out = redact(text, ['s3cr3t-v4lue-here']);
    expect(out).not.toMatch(/ghp_|abcdefghijklmnop0123456789|AIzaSy|s3cr3t/);
    expect(out).toContain('Bearer ***');
  });

  it('leaves ordinary code and test output alone', () => {
    const text = "E       NameError: name 'totl' is not defined\ninvoice/cart.py:43: NameError";
    expect(redact(text)).toBe(text);
  });
});
