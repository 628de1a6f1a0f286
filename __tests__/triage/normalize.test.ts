import { LineSplitter } from '../../src/triage/lines.js';
import { normalizeLine } from '../../src/triage/normalize.js';

describe('normalizeLine', () => {
  it('drops the timestamp, ANSI codes and a trailing CR, and reads the marker', () => {
    expect(normalizeLine('2023-09-21T17:21:33.9815629Z ##[error]\u001b[31mboom\u001b[0m\r')).toEqual({
      text: 'boom',
      marker: 'error'
    });
    expect(normalizeLine('2023-09-21T17:21:33.9815629Z ##[group]Run npm test')).toEqual({
      text: 'Run npm test',
      marker: 'group'
    });
    expect(normalizeLine('2023-09-21T17:21:33.9815629Z ##[endgroup]')).toEqual({
      text: '',
      marker: 'endgroup'
    });
    expect(normalizeLine('##[command]/usr/bin/git version')).toEqual({
      text: '/usr/bin/git version',
      marker: 'command'
    });
  });

  it('keeps what a terminal shows after lone CRs, and strips Travis fold markers', () => {
    expect(normalizeLine('Downloading 10%\rDownloading 55%\rDownloading 100%')).toEqual({
      text: 'Downloading 100%'
    });
    expect(
      normalizeLine('travis_fold:start:install\r\u001b[0Ktravis_time:start:0a1b\r\u001b[0K$ npm ci')
    ).toEqual({ text: '$ npm ci' });
  });
});

describe('LineSplitter', () => {
  it('counts lines at LF across chunk boundaries, CRLF once, and cuts overlong lines', () => {
    const got: [number, string][] = [];
    const sp = new LineSplitter((raw, n) => got.push([n, raw]));
    sp.push(Buffer.from('one\r\ntw'));
    sp.push(Buffer.from('o\n\nthr'));
    sp.push(Buffer.from('ee'));
    sp.end();
    expect(got).toEqual([
      [1, 'one\r'],
      [2, 'two'],
      [3, ''],
      [4, 'three']
    ]);
    const long: string[] = [];
    const sp2 = new LineSplitter(raw => long.push(raw));
    sp2.push(Buffer.alloc(200 * 1024, 0x61));
    sp2.push(Buffer.from('\nok\n'));
    sp2.end();
    expect(long.map(l => l.length)).toEqual([64 * 1024, 2]);
    expect(sp2.stats.truncatedLines).toBe(1);
  });
});

describe('normalizeLine escapes', () => {
  it('drops the two-byte escapes of a terminal in keypad mode (ESC [?1h ESC =) and charset ones', () => {
    expect(normalizeLine('\u001b[?1h\u001b=\u001b[?1h\u001b=    [-] Should validate 191ms')).toEqual({
      text: '    [-] Should validate 191ms'
    });
    expect(normalizeLine('\u001b(Bok\u001b>')).toEqual({ text: 'ok' });
  });
});
