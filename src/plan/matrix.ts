/**
 * A job's matrix as GitHub expands it, and the display name of each combination.
 *
 * Expansion (docs, "Running variations of jobs"): the product of the dimensions in the order
 * written; `exclude` removes every combination that matches all of an entry's keys; each `include`
 * entry is added to every combination whose original values it does not contradict (its extra keys
 * overwrite only added values), and becomes a new combination when it fits none. At most 256.
 *
 * Display name: a job's `name:` with an expression is evaluated and used as it is; otherwise the
 * name (or the job id) gets the combination's values in parentheses, `test (3.12, ubuntu-latest)`:
 * the original dimensions' values in order (for an added include combination, all its values), the
 * scalar leaves of objects included, empty values left out.
 */
import { evaluate, hasExpression, substitute, toText, type Contexts } from './expressions.js';
import { PlanError } from './types.js';
import type { Mapping, WorkflowJob } from './workflow.js';

export const MAX_COMBINATIONS = 256;

export interface Combination {
  matrix: Mapping;
  /** The values shown in the default display name. */
  shown: string[];
}

export interface Expansion {
  combinations: Combination[];
  /** The matrix (or a dimension) is an expression only a run can compute. */
  dynamic: boolean;
  /** With `dynamic`: the matrix's keys as written (a dimension computed at run time included). */
  keys?: string[];
}

const isMapping = (v: unknown): v is Mapping => v !== null && typeof v === 'object' && !Array.isArray(v);

function deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMapping(a) && isMapping(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every(k => k in b && deepEqual(a[k], b[k]));
  }
  return a === b;
}

/** The scalar leaves of a value, as text, empty ones left out. */
function leaves(v: unknown, out: string[]): void {
  if (Array.isArray(v)) v.forEach(x => leaves(x, out));
  else if (isMapping(v)) Object.values(v).forEach(x => leaves(x, out));
  else {
    const s = toText(v);
    if (s !== '') out.push(s);
  }
}

/**
 * The value of a matrix part written as one expression (`${{ fromJSON(inputs.versions) }}`) when
 * what it reads is known here (the inputs' defaults); undefined when only a run can compute it.
 */
function known(text: string, ctx: Contexts): unknown {
  const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text);
  if (!m || m[1].includes('}}')) return undefined;
  try {
    return evaluate(m[1], ctx);
  } catch {
    return undefined;
  }
}

/**
 * The combinations of a job (one, with an empty matrix, when it has none). `ctx` is what an
 * expression in the matrix may read (the inputs' defaults). Throws PlanError.
 */
export function expandMatrix(job: WorkflowJob, file: string, ctx: Contexts = {}): Expansion {
  const where = `${file}: jobs.${job.id}.strategy.matrix`;
  let raw = job.strategy?.matrix;
  if (typeof raw === 'string' && hasExpression(raw)) {
    const v = known(raw, ctx);
    if (isMapping(v)) raw = v;
  }
  if (raw === undefined || raw === null) return { combinations: [{ matrix: {}, shown: [] }], dynamic: false };
  if (typeof raw === 'string') return { combinations: [{ matrix: {}, shown: [] }], dynamic: true, keys: [] };
  if (!isMapping(raw)) throw new PlanError(`${where} must be a mapping.`);
  let flat: Mapping[] = [{}];
  const keys: string[] = [];
  let dynamic = false;
  for (const [key, written] of Object.entries(raw)) {
    if (key === 'include' || key === 'exclude') continue;
    let values = written;
    if (typeof values === 'string' && hasExpression(values)) {
      const v = known(values, ctx);
      if (Array.isArray(v)) values = v;
      else {
        dynamic = true;
        continue;
      }
    }
    if (!Array.isArray(values)) throw new PlanError(`${where}.${key} must be a list.`);
    if (flat.length * values.length > MAX_COMBINATIONS * 64) {
      throw new PlanError(`${where} has more than ${MAX_COMBINATIONS} combinations; GitHub refuses it too.`);
    }
    keys.push(key);
    flat = flat.flatMap(c => values.map(v => ({ ...c, [key]: v as unknown })));
  }
  if (keys.length === 0) flat = [];
  const list = (name: 'include' | 'exclude'): Mapping[] => {
    let v = raw[name];
    if (v === undefined || v === null) return [];
    if (typeof v === 'string' && hasExpression(v)) {
      const k = known(v, ctx);
      if (Array.isArray(k)) v = k;
      else {
        dynamic = true;
        return [];
      }
    }
    if (!Array.isArray(v) || !v.every(isMapping))
      throw new PlanError(`${where}.${name} must be a list of mappings.`);
    return v;
  };
  for (const ex of list('exclude')) {
    flat = flat.filter(c => !Object.entries(ex).every(([k, v]) => k in c && deepEqual(c[k], v)));
  }
  if (flat.length > MAX_COMBINATIONS) {
    throw new PlanError(
      `${where} has ${flat.length} combinations; GitHub allows at most ${MAX_COMBINATIONS}.`
    );
  }
  const combinations: Combination[] = flat.map(c => ({ matrix: c, shown: [] }));
  const original = new Set(keys);
  for (const inc of list('include')) {
    let matched = false;
    for (const c of combinations.slice(0, flat.length)) {
      if (keys.length === 0) break;
      if (keys.some(k => k in inc && !deepEqual(c.matrix[k], inc[k]))) continue;
      matched = true;
      for (const [k, v] of Object.entries(inc)) if (!original.has(k)) c.matrix[k] = v;
    }
    if (!matched) {
      const shown: string[] = [];
      leaves(Object.values(inc), shown);
      combinations.push({ matrix: { ...inc }, shown });
    }
    if (combinations.length > MAX_COMBINATIONS) {
      throw new PlanError(`${where} has more than ${MAX_COMBINATIONS} combinations; GitHub refuses it too.`);
    }
  }
  for (const c of combinations.slice(0, flat.length))
    leaves(
      keys.map(k => c.matrix[k]),
      c.shown
    );
  if (combinations.length === 0) combinations.push({ matrix: {}, shown: [] });
  const written = Object.keys(raw).filter(k => k !== 'include' && k !== 'exclude');
  return dynamic ? { combinations, dynamic, keys: written } : { combinations, dynamic };
}

/** The name a run shows for one combination of a job. */
export function displayName(job: WorkflowJob, c: Combination, strategy: Mapping = {}): string {
  if (job.name !== undefined && hasExpression(job.name)) {
    return substitute(job.name, { matrix: c.matrix, strategy }).text.trim();
  }
  const base = job.name ?? job.id;
  return c.shown.length > 0 ? `${base} (${c.shown.join(', ')})` : base;
}
