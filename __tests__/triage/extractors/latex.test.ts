import { latex } from '../../../src/triage/extractors/latex.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { triageOutput } from '../../../src/triage/index.js';
import { fixtureLines, plain } from '../logs.js';

// Real output of pdfTeX 1.40.24 / LaTeX2e 2022-11-01 and latexmk 4.79 (TeX Live 2022, Debian 12).
const lines = (text: string[]) => normalizeText(text.join('\n') + '\n');

describe('LaTeX', () => {
  it('reads a TeX error through its `l.N` context line, under latexmk', async () => {
    const found = latex.extract(await fixtureLines('latexmk.txt'));
    expect(plain(found)).toEqual([
      { tool: 'latex', errorType: 'error', message: 'Undefined control sequence.', line: 4 }
    ]);
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../fixtures/latexmk.txt', import.meta.url), 'utf8');
    expect((await triageOutput(text)).chunk.text.split('\n')).toEqual([
      '! Undefined control sequence.',
      'l.4 \\foo',
      '        {bar}'
    ]);
  });

  it('reads `! LaTeX Error:` with the emergency stop it causes, not the stop as an error of its own', async () => {
    const found = latex.extract(await fixtureLines('latex-missing-sty.txt'));
    expect(plain(found)).toEqual([
      { tool: 'latex', errorType: 'LaTeX Error', message: "File `nonexistentpkg.sty' not found.", line: 3 }
    ]);
  });

  it('reads -file-line-error locations', () => {
    expect(
      latex.extract(
        lines([
          '(./a.aux)',
          './a.tex:4: Undefined control sequence.',
          'l.4 \\foo',
          '        {bar}',
          '[1] (./a.aux) )'
        ])
      )
    ).toEqual([
      {
        tool: 'latex',
        errorType: 'error',
        message: 'Undefined control sequence.',
        file: './a.tex',
        line: 4,
        start: 1,
        end: 3
      }
    ]);
  });

  it('takes latexmk’s closing lines only when no TeX error is in the log', () => {
    expect(
      plain(
        latex.extract(
          lines([
            "Latexmk: Log file says output to 'a.pdf'",
            'Latexmk: Errors, so I did not complete making targets',
            'Collected error summary (may duplicate other messages):',
            "  pdflatex: Command for 'pdflatex' gave return code 1",
            "      Refer to 'a.log' and/or above output for details"
          ])
        )
      )
    ).toEqual([{ tool: 'latexmk', message: "pdflatex: Command for 'pdflatex' gave return code 1" }]);
  });

  it('finds nothing in a `! ` line that is not TeX’s (git push) nor in overfull box warnings', () => {
    expect(
      latex.extract(
        lines([
          ' ! [rejected]        main -> main (fetch first)',
          '! [remote rejected] main -> main (pre-receive hook declined)',
          'error: failed to push some refs',
          'Overfull \\hbox (19.64194pt too wide) in paragraph at lines 7256--7268',
          'Output written on a.pdf (1 page, 12802 bytes).'
        ])
      )
    ).toEqual([]);
  });
});
