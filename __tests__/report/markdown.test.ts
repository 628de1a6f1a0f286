import {
  clip,
  code,
  fence,
  inline,
  neutralizeMentions,
  numberLines,
  tail
} from '../../src/report/markdown.js';

describe('report/markdown', () => {
  it('fences text with a fence longer than any backtick run inside it', () => {
    const f = fence('a\n```\nb\n`````\nc');
    expect(f.startsWith('``````\n')).toBe(true);
    expect(f.endsWith('\n``````')).toBe(true);
    expect(fence('plain', 'diff')).toBe('```diff\nplain\n```');
    expect(fence('x', 'js"><script>')).toBe('```jsscript\nx\n```');
  });

  it('neutralises mentions but not e-mail addresses', () => {
    const out = neutralizeMentions('hi @octocat, @acme/team; mail me@example.com');
    expect(out).not.toMatch(/(^|\s)@[a-z]/);
    expect(out).toContain('@\u200boctocat');
    expect(out).toContain('@\u200bacme/team');
    expect(out).toContain('me@example.com');
  });

  it('escapes one line of untrusted text: no HTML, links, newlines; identifiers stay as they are', () => {
    const out = inline('<b>x</b> [link](http://e) *em* `c` | pipe\n# h @user');
    expect(out).not.toMatch(/<b>|\n/);
    expect(out).toContain('&lt;b&gt;');
    expect(out).toContain('\\[link\\]');
    expect(out).toContain('*em*');
    expect(inline('round_money(totl)')).toBe('round_money(totl)');
    expect(out).toContain('\\|');
    expect(out).toContain('@\u200buser');
  });

  it('makes code spans that survive backticks', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x')).toBe('`` `x ``');
  });

  it('numbers lines from the chunk start, and clips long texts visibly', () => {
    expect(numberLines('a\nb', 9)).toBe(' 9 | a\n10 | b');
    expect(clip('x'.repeat(100), 20)).toContain('[80 characters cut]');
    expect(tail('abcdef', 3)).toBe('… [3 characters cut] …\ndef');
  });
});
