import { commitSubject } from '../../src/delivery/commit-subject.js';

describe('commitSubject', () => {
  it('keeps a short line, and makes one line of several', () => {
    expect(commitSubject('a  short\n\tsubject ')).toBe('a short subject');
  });
  it('cuts a long line between words, within the limit, with an ellipsis', () => {
    const text = "pytest reports NameError: name 'totl' is not defined at invoice/cart.py:43 (test x)";
    const s = commitSubject(text, 60);
    expect(s).toBe("pytest reports NameError: name 'totl' is not defined at…");
    expect(s.length).toBeLessThanOrEqual(60);
  });
  it('drops punctuation left at the cut, and cuts one over-long word where it must', () => {
    expect(commitSubject('alpha beta: gamma delta', 13)).toBe('alpha beta…');
    expect(commitSubject('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
  it('a word that ends exactly at the limit is kept whole', () => {
    expect(commitSubject('aaaa bbbb cccc', 10)).toBe('aaaa bbbb…');
    expect(commitSubject('aaaa bbbbb cccc', 11)).toBe('aaaa bbbbb…');
  });
});
