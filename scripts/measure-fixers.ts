/**
 * Measures the deterministic fixers on the corpus (__tests__/repair/corpus): each broken project is
 * run in its Docker test image, repair() runs with fixers only, and the result is compared with the
 * expected fix. Prints the share healed by fixers alone and the number of wrong fixes (must be 0).
 *
 *   node --import tsx scripts/measure-fixers.ts [--record] [case-id ...]
 *
 * `--record` writes each case's real test output back into its JSON file.
 */
import { measure } from '../__tests__/repair/corpus/measure.js';
import { createDockerSandbox } from '../src/sandbox/index.js';

const args = process.argv.slice(2);
const record = args.includes('--record');
const only = args.filter(a => !a.startsWith('--'));
const sandbox = await createDockerSandbox();
const m = await measure(sandbox, {
  record,
  only: only.length > 0 ? only : undefined,
  log: l => console.log(l)
});
const fixable = m.results.filter(r => r.expect === 'fixed').length;
const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(0)}%`);
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
