import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diagnoseCommand } from '../../src/commands/diagnose.js';
import { jobLog, makeZip, runArchive } from './logs.js';

const tsc = [
  "src/a.ts(2,20): error TS2551: Property 'lenght' does not exist on type 'string'. Did you mean 'length'?",
  "src/a.ts(4,3): error TS2322: Type 'number' is not assignable to type 'string'."
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nw-diagnose-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await diagnoseCommand(args, s => {
    out += s;
  });
  return { code, out };
}

describe('nightwatch diagnose', () => {
  it('prints the contract object with --json', async () => {
    const zip = path.join(dir, 'logs.zip');
    writeFileSync(
      zip,
      makeZip(
        runArchive([
          { name: 'build', steps: [{ name: 'Typecheck', title: 'Run npx tsc', output: tsc, exitCode: 2 }] }
        ])
      )
    );
    const { code, out } = await run([zip, '--json']);
    expect(code).toBe(0);
    const j = JSON.parse(out) as Record<string, unknown>;
    // The contract's fields (DESIGN.md), plus the additive `failureFound` (and `message` when none).
    expect(Object.keys(j).sort()).toEqual(
      ['category', 'chunk', 'failureFound', 'failures', 'fingerprint', 'job', 'knownPattern', 'step'].sort()
    );
    expect(j).toMatchObject({
      category: 'build',
      job: 'build',
      step: 'Typecheck',
      knownPattern: null,
      failureFound: true
    });
    expect(j.chunk).toEqual({
      file: 'build/2_Typecheck.txt',
      startLine: 4,
      endLine: 5,
      text: tsc.join('\n')
    });
    expect(j.failures).toEqual([
      {
        tool: 'tsc',
        errorType: 'TS2551',
        message: "Property 'lenght' does not exist on type 'string'. Did you mean 'length'?",
        file: 'src/a.ts',
        line: 2,
        testName: null
      },
      {
        tool: 'tsc',
        errorType: 'TS2322',
        message: "Type 'number' is not assignable to type 'string'.",
        file: 'src/a.ts',
        line: 4,
        testName: null
      }
    ]);
    expect(j.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('prints the chunk with line numbers, the failures as a table and the category by default', async () => {
    const log = path.join(dir, 'job.log');
    writeFileSync(log, jobLog([{ name: 'Typecheck', title: 'Run npx tsc', output: tsc, exitCode: 2 }]).text);
    const { code, out } = await run([log]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Category:\s+build$/m);
    expect(out).toMatch(/^ 9 \| src\/a\.ts\(2,20\): error TS2551/m);
    expect(out).toMatch(/^TOOL\s+TYPE\s+LOCATION\s+TEST\s+MESSAGE$/m);
    expect(out).toMatch(/^tsc\s+TS2551\s+src\/a\.ts:2\s+Property 'lenght'/m);
  });

  it('takes --baseline', async () => {
    const noise = Array.from({ length: 20 }, (_, i) => `note: cache entry ${i} restored`);
    const failing = path.join(dir, 'failing.log');
    const green = path.join(dir, 'green.log');
    writeFileSync(
      failing,
      jobLog([
        { name: 'Build', title: 'Run make', output: ['fatal: bad object HEAD~1', ...noise], exitCode: 128 }
      ]).text
    );
    writeFileSync(green, jobLog([{ name: 'Build', title: 'Run make', output: noise }]).text);
    const { out } = await run([failing, '--baseline', green, '--json']);
    const j = JSON.parse(out) as { chunk: { text: string } };
    expect(j.chunk.text).toBe('fatal: bad object HEAD~1');
  });

  it('exits 2 (usage) with the TriageError message for input that is not a log, and for bad usage', async () => {
    const bin = path.join(dir, 'x.bin');
    writeFileSync(bin, Buffer.from([0, 1, 2, 3, 0, 0, 0, 9]));
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string): boolean => {
      errors.push(String(s));
      return true;
    }) as typeof process.stderr.write;
    try {
      expect((await run([bin])).code).toBe(2);
      expect(errors.join('')).toMatch(/binary file/);
      // Bad usage throws a UsageError, which the CLI turns into exit 2 with the usage line.
      await expect(run([])).rejects.toThrow(/give a PATH/);
      await expect(run([bin, '--nope'])).rejects.toThrow(/nope/);
    } finally {
      process.stderr.write = write;
    }
  });
});
