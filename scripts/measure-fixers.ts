/**
 * Measures the deterministic fixers. Each broken project is run in its Docker test image, repair()
 * runs with fixers only, and the result is compared with the expected fix.
 *
 *   node --import tsx scripts/measure-fixers.ts [--record] [case-id ...]
 *     the hand-written corpus (__tests__/repair/corpus/*.json), written while developing the
 *     fixers: an in-sample number. `--record` writes each case's real test output into its JSON.
 *
 *   node --import tsx scripts/measure-fixers.ts --real [--split dev|holdout] [--runs N] [project|mutant-id ...]
 *     the real-project corpus (__tests__/repair/corpus/real): one mechanical bug injected into a
 *     real library; per project (leave-one-repository-out: the fixers learn nothing from a project,
 *     so a project's number is out of sample unless the fixers were changed while looking at it —
 *     the `dev` split; `holdout` projects are scored only). `--runs N` runs each mutant N times and
 *     counts mutants whose outcome differs between runs.
 *
 *   node --import tsx scripts/measure-fixers.ts --real-js [--split dev|holdout] [--runs N] [project|mutant-id ...]
 *     the same for the JavaScript fixers (__tests__/repair/corpus/real-js): d3 libraries, mutants
 *     made by scripts/make-js-mutants.ts; a fix is healed only when the file is the original.
 *
 *   node --import tsx scripts/measure-fixers.ts --recorded [--record] [case-id ...]
 *     Java and Rust (__tests__/repair/corpus/recorded): real javac/cargo output recorded on a host
 *     with the tools (`--record` re-records it); no image has them, so each fixer's proposal is
 *     compared with the reference fix without running the tests. JavaScript/TypeScript (`node`):
 *     real jest and vitest output, judged the same way (recording needs the runners: NW_JS_TOOLS).
 */
import { measure } from '../__tests__/repair/corpus/measure.js';
import { measureReal, type MutantResult } from '../__tests__/repair/corpus/real/real.js';
import { measureRealJs } from '../__tests__/repair/corpus/real-js/real-js.js';
import { measureRecorded, record } from '../__tests__/repair/corpus/recorded/recorded.js';
import { createDockerSandbox } from '../src/sandbox/index.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(['--split', '--runs'].map(f => args.indexOf(f) + 1).filter(i => i > 0));
const positional = args.filter((a, i) => !a.startsWith('--') && !valued.has(i));
const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(0)}%`);

if (args.includes('--recorded')) {
  // Java and Rust: outputs recorded with the real compilers, judged without a sandbox (no image).
  if (args.includes('--record')) await record(positional.length > 0 ? positional : undefined);
  const rs = await measureRecorded(positional.length > 0 ? positional : undefined);
  for (const r of rs)
    console.log(
      `${r.verdict.padEnd(8)} ${r.id.padEnd(34)} ${r.run}  ${r.fixers.join(', ') || '-'}${r.detail ? `  (${r.detail})` : ''}`
    );
  console.log('');
  console.log('| language | runs (cases) | healed | declined (traps) | missed | wrong |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const lang of ['java', 'rust', 'node'] as const) {
    const l = rs.filter(r => r.language === lang);
    const n = (v: string): number => l.filter(r => r.verdict === v).length;
    const fixable = l.filter(r => r.expect === 'fixed').length;
    console.log(
      `| ${lang} | ${l.length} (${new Set(l.map(r => r.id)).size}) | ${n('healed')}/${fixable} | ${n('declined')}/${l.length - fixable} | ${n('missed')} | ${n('wrong')} |`
    );
  }
  process.exit(rs.some(r => r.verdict === 'wrong') ? 1 : 0);
}
const sandbox = await createDockerSandbox();

if (args.includes('--real') || args.includes('--real-js')) {
  const split = flag('--split') as 'dev' | 'holdout' | undefined;
  const runs = Number(flag('--runs') ?? 1);
  const results = await (args.includes('--real-js') ? measureRealJs : measureReal)(sandbox, {
    split,
    runs,
    projects: positional.some(a => !a.includes('/'))
      ? positional.filter(a => !a.includes('/'))
      : positional.length > 0
        ? positional.map(a => a.split('/')[0])
        : undefined,
    ids: positional.some(a => a.includes('/')) ? positional.filter(a => a.includes('/')) : undefined,
    log: l => console.log(l)
  });
  const row = (label: string, rs: Pick<MutantResult, 'verdicts'>[]): string => {
    const first = (v: string): number => rs.filter(r => r.verdicts[0] === v).length;
    const unstable = rs.filter(r => new Set(r.verdicts).size > 1).length;
    return `| ${label} | ${rs.length} | ${first('healed')} (${pct(first('healed'), rs.length)}) | ${first('declined')} | ${first('wrong')} | ${runs > 1 ? unstable : '-'} |`;
  };
  console.log('');
  console.log('| project | mutants | healed | declined | wrong | outcome differs between runs |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const names = [...new Set(results.map(r => r.mutant.project))];
  for (const n of names) {
    const rs = results.filter(r => r.mutant.project === n);
    console.log(row(`${n} (${rs[0].split})`, rs));
  }
  for (const s of ['dev', 'holdout'] as const) {
    const rs = results.filter(r => r.split === s);
    if (rs.length > 0) console.log(row(`**all ${s}**`, rs));
  }
  console.log('');
  console.log('| kind | mutants | healed | declined | wrong | differs |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const k of [...new Set(results.map(r => r.mutant.kind))].sort())
    console.log(
      row(
        k,
        results.filter(r => r.mutant.kind === k)
      )
    );
  const wrong = results.filter(r => r.verdicts.includes('wrong')).length;
  process.exitCode = wrong > 0 ? 1 : 0;
} else {
  const record = args.includes('--record');
  const m = await measure(sandbox, {
    record,
    only: positional.length > 0 ? positional : undefined,
    log: l => console.log(l)
  });
  const fixable = m.results.filter(r => r.expect === 'fixed').length;
  console.log('');
  console.log(
    `cases: ${m.cases} (${fixable} with a mechanical fix, ${m.cases - fixable} a fixer must leave alone)`
  );
  console.log(
    `healed by fixers alone: ${m.healed}/${m.cases} (${pct(m.healed, m.cases)} of all, ${pct(m.healed, fixable)} of the fixable)`
  );
  console.log(`declined correctly: ${m.declined}; missed: ${m.missed}`);
  console.log(`wrong fixes: ${m.wrong}`);
  process.exitCode = m.wrong > 0 ? 1 : 0;
}
