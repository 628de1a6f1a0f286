/** Sanitizer reports, as gcc 12's -fsanitize=address prints them (fixtures: real runs). */
import { sanitizer } from '../../../src/triage/extractors/sanitizer.js';
import { triageOutput } from '../../../src/triage/index.js';
import { fixtureLines } from '../logs.js';

describe('sanitizer extractor', () => {
  it("reads AddressSanitizer's report, from its ERROR line to the shadow map's legend", async () => {
    const lines = await fixtureLines('asan.txt');
    const found = sanitizer.extract(lines);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      tool: 'sanitizer',
      errorType: 'AddressSanitizer',
      file: '/tmp/tri/uaf.c',
      line: 5
    });
    expect(found[0].message).toMatch(/^heap-use-after-free on address 0x/);
    expect(lines[found[0].start].text).toMatch(/^==\d+==ERROR: AddressSanitizer/);
    expect(lines[found[0].end].text.trim()).toBe('Right alloca redzone:    cb');
  });

  it("ends LeakSanitizer's report at its summary (it has no shadow map and does not abort)", async () => {
    const lines = await fixtureLines('lsan.txt');
    // The build goes on printing after the report.
    const more = [...lines, { n: lines.length + 1, text: 'make: *** [check] Error 1' }];
    const found = sanitizer.extract(more);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      errorType: 'LeakSanitizer',
      message: 'detected memory leaks',
      file: '/tmp/tri/leak.c',
      line: 2
    });
    expect(more[found[0].end].text).toBe('SUMMARY: AddressSanitizer: 24 byte(s) leaked in 1 allocation(s).');
  });

  it("reads ThreadSanitizer's warning to its summary, and the place from a many-word summary", async () => {
    const lines = await fixtureLines('tsan.txt');
    const found = sanitizer.extract(lines);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      errorType: 'ThreadSanitizer',
      message: 'data race',
      file: '/tmp/tri/race.c',
      line: 3
    });
    expect(lines[found[0].end].text).toBe('SUMMARY: ThreadSanitizer: data race /tmp/tri/race.c:3 in work');
  });

  it('takes the sanitizer abort for the chunk, not a traceback the test runner printed and survived before it', async () => {
    const asan = (await fixtureLines('asan.txt')).map(l => l.text);
    const t = await triageOutput(
      [
        'Traceback (most recent call last):',
        '  File "test/functional/test_framework/test_node.py", line 296, in is_node_stopped',
        'AssertionError: [node 2] Node returned non-zero exit code (1) when stopping',
        ...Array.from(
          { length: 20 },
          (_, i) => ` node1 2019-08-02T22:49:54.39${i}Z [shutoff] Shutdown: done`
        ),
        ...asan
      ].join('\n')
    );
    expect(t.chunk.text.split('\n')[0]).toMatch(/^==\d+==ERROR: AddressSanitizer: heap-use-after-free/);
  });

  it('classifies a sanitizer abort alone as a test failure, not a build one', async () => {
    const asan = (await fixtureLines('asan.txt')).map(l => l.text);
    const t = await triageOutput(['$ ./test_uaf', ...asan, 'make: *** [check] Error 1'].join('\n'));
    expect(t.category).toBe('test');
    expect(t.failures).toEqual([
      expect.objectContaining({ tool: 'sanitizer', file: '/tmp/tri/uaf.c', line: 5 })
    ]);
  });
});
