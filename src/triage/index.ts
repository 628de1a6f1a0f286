/**
 * The log triage: which job and step failed, the chunk of log that says why, structured failures,
 * a category, known pattern and a stable fingerprint. Input is a run-log zip (path or Buffer), a
 * folder of an extracted one, or a plain log. Memory stays bounded: one entry is analysed, the
 * others are only scanned as bytes.
 */
import type { JobInfo, JobStep } from '../delivery/ports.js';
import type { Failure, MergeCommit, Triage } from '../types.js';
import { openLogs, openText, type LogEntry, type LogSet } from './archive.js';
import { checkoutInJobLog, isCheckoutStep, mergeCommitIn, stepHeader } from './checkout.js';
import { runExtractors, toFailures } from './extractors/index.js';
import { fingerprint } from './fingerprint.js';
import { baselineKey, locate } from './locate.js';
import { normalizeText, displayLine, type LogLine } from './normalize.js';
import { classify, matchPattern } from './patterns.js';
import { redact } from './redact.js';
import { archiveJobNames, archiveName } from './names.js';
import { readEntryLines, scanEntry, sections, travisRegion, type Section } from './read.js';
import { GENERIC_ERROR } from './extractors/annotations.js';

export { TriageError } from './errors.js';
export { redact } from './redact.js';
export { fingerprint } from './fingerprint.js';

/** Options of a triage. */
export interface TriageOptions {
  /** The log of the last green run (same forms as the input), whose lines count against a region. */
  baseline?: string | Buffer;
  /** The run's jobs from the API: their step conclusions name the failing job and step. */
  jobs?: JobInfo[];
  /** More values to redact besides the known token formats. */
  extraSecrets?: string[];
  /**
   * The failed job's own log (GET /actions/jobs/{id}/logs, plain text), asked for when the archive
   * holds no file for that job (GitHub's archives sometimes lack a job); undefined when it has none.
   */
  jobLog?: (job: JobInfo) => Promise<Buffer | undefined>;
}

/** Structured failures in plain tool output (used on sandbox test output to check a reproduction matches). */
export function extractFailures(text: string): Failure[] {
  return toFailures(runExtractors(normalizeText(text)));
}

export { archiveName } from './names.js';

interface Target {
  entry: LogEntry;
  job: string;
  step: string;
  apiJob?: JobInfo;
  conclusion?: string;
}

function jobEntries(entries: LogEntry[]): LogEntry[] {
  return entries.filter(e => e.kind === 'job');
}

/** Matches an API job name to its top-level file, honouring ` (1)` suffixes of duplicate names. */
function findJobEntry(entries: LogEntry[], jobs: JobInfo[], job: JobInfo): LogEntry | undefined {
  const wanted = archiveJobNames(jobs.map(j => j.name))[jobs.indexOf(job)] ?? archiveName(job.name);
  const name = archiveName(job.name);
  return jobEntries(entries).find(e => e.job === wanted) ?? jobEntries(entries).find(e => e.job === name);
}

/** The job file to analyse (and the API job/step when known). */
async function chooseJob(entries: LogEntry[], opts: TriageOptions, notes: string[]): Promise<Target> {
  const jobsFiles = jobEntries(entries);
  if (opts.jobs && opts.jobs.length > 0 && jobsFiles.length > 0) {
    const failed =
      opts.jobs.find(j => j.conclusion === 'failure') ??
      opts.jobs.find(j => j.conclusion === 'timed_out') ??
      opts.jobs.find(j => j.conclusion === 'cancelled');
    if (failed) {
      const entry = findJobEntry(entries, opts.jobs, failed);
      if (entry)
        return {
          entry,
          job: failed.name,
          step: '',
          apiJob: failed,
          conclusion: failed.conclusion ?? undefined
        };
      const own = opts.jobLog ? await opts.jobLog(failed) : undefined;
      if (own) {
        notes.push(`the log archive holds no file for failed job "${failed.name}"; used its own log`);
        return {
          entry: openText(own, `job-${failed.id}.txt`, notes).set.entries[0],
          job: failed.name,
          step: '',
          apiJob: failed,
          conclusion: failed.conclusion ?? undefined
        };
      }
      notes.push(`no log file for failed job "${failed.name}"; looked for the error in the logs instead`);
    } else {
      notes.push(
        'no job has conclusion failure, timed_out or cancelled; looked for the error in the logs instead'
      );
    }
  }
  const candidates = jobsFiles.length > 0 ? jobsFiles : entries.filter(e => e.kind !== 'step');
  const pool = candidates.length > 0 ? candidates : entries;
  if (pool.length === 1) {
    // One job's log given alone (a per-job download): the API's failed job is that job.
    const failed = jobsFiles.length === 0 ? opts.jobs?.filter(j => j.conclusion === 'failure') : undefined;
    if (failed && failed.length === 1) {
      return { entry: pool[0], job: failed[0].name, step: '', apiJob: failed[0], conclusion: 'failure' };
    }
    return { entry: pool[0], job: pool[0].job ?? '', step: '' };
  }
  let best: { e: LogEntry; rank: number } | undefined;
  for (const e of pool) {
    const s = await scanEntry(e, notes);
    const rank = s.specific > 0 ? 3 : s.errors > 0 && !s.cancelledOnly ? 2 : s.errors > 0 ? 1 : 0;
    if (!best || rank > best.rank) best = { e, rank };
    if (rank === 3) break;
  }
  if (best!.rank === 0) notes.push(`no log reports an error; triaged ${best!.e.path}`);
  return { entry: best!.e, job: best!.e.job ?? '', step: '' };
}

/** Steps that ran (a skipped step writes nothing), in order: they line up with the job log's sections. */
function ranSteps(job: JobInfo): JobStep[] {
  return [...job.steps]
    .filter(s => s.conclusion !== 'skipped' && s.conclusion !== null)
    .sort((a, b) => a.number - b.number);
}

function failingStep(job: JobInfo): JobStep | undefined {
  return (
    job.steps.find(s => s.conclusion === 'failure') ??
    job.steps.find(s => s.conclusion === 'timed_out' || s.conclusion === 'cancelled')
  );
}

async function baselineKeys(
  baseline: string | Buffer,
  file: string,
  job: string,
  notes: string[]
): Promise<Set<string>> {
  const keys = new Set<string>();
  const bnotes: string[] = [];
  try {
    const { set, close } = await openLogs(baseline, bnotes);
    try {
      const exact = set.entries.find(e => e.path === file);
      const sameJob = set.entries.filter(e => e.kind === 'job' && e.job === job);
      const use = exact
        ? [exact]
        : sameJob.length > 0
          ? sameJob
          : set.entries.length === 1
            ? set.entries
            : [];
      if (use.length === 0) notes.push(`baseline has no log for ${file}; not used`);
      for (const e of use) {
        await readEntryLines(
          e,
          bnotes,
          l => {
            if (keys.size < 1_000_000) keys.add(baselineKey(l.text));
          },
          false
        );
      }
    } finally {
      await close();
    }
  } catch (err) {
    notes.push(`baseline not used: ${err instanceof Error ? err.message : String(err)}`);
  }
  return keys;
}

function firstErrorIndex(lines: LogLine[], from = 0, to = lines.length - 1): number {
  let any = -1;
  for (let i = from; i <= to; i++) {
    if (lines[i].marker !== 'error') continue;
    if (!GENERIC_ERROR.test(lines[i].text.trim())) return i;
    if (any < 0) any = i;
  }
  return any;
}

/** Triages a run's logs. */
export async function triageLogs(input: string | Buffer, opts: TriageOptions = {}): Promise<Triage> {
  const notes: string[] = [];
  return triageSet(await openLogs(input, notes), notes, opts);
}

/**
 * Triages a test run's output (the sandbox's, for a local heal): always as text, never taken for a
 * zip or a binary, NUL bytes dropped. Output with nothing in it gives an empty chunk, no failures
 * and a note that says the run printed nothing.
 */
export async function triageOutput(
  text: string,
  opts: Pick<TriageOptions, 'extraSecrets'> = {}
): Promise<Triage> {
  const notes: string[] = [];
  if (text.replace(/\0/g, '').trim() === '') notes.push('the test run printed no output');
  return triageSet(openText(Buffer.from(text, 'utf8'), 'test output', notes), notes, opts);
}

async function triageSet(
  { set, close }: { set: LogSet; close: () => Promise<void> },
  notes: string[],
  opts: TriageOptions
): Promise<Triage> {
  try {
    const target = await chooseJob(set.entries, opts, notes);
    const jobDir = target.entry.job ?? '';
    const stepFiles = set.entries
      .filter(e => e.kind === 'step' && e.job === jobDir && target.entry.kind === 'job')
      .sort((a, b) => (a.stepNumber ?? 0) - (b.stepNumber ?? 0));
    const apiStep = target.apiJob ? failingStep(target.apiJob) : undefined;
    let step = apiStep?.name ?? '';
    let entry = target.entry;
    let region: LogLine[] | undefined;
    const masks: string[] = [];
    let checkout: MergeCommit | undefined;
    const collect = (l: LogLine): void => {
      const m = l.text.indexOf('::add-mask::');
      if (m >= 0) masks.push(l.text.slice(m + 12).trim());
    };

    // With the API's step and its own file, the job log is not needed at all.
    const ownStepFile = apiStep ? stepFiles.find(e => e.stepNumber === apiStep.number) : undefined;
    if (ownStepFile) {
      entry = ownStepFile;
      region = (await readEntryLines(entry, notes, collect)).lines;
      checkout = await checkoutInStepFiles(
        stepFiles.filter(e => (e.stepNumber ?? 0) < ownStepFile.stepNumber!)
      );
    } else {
      const { lines } = await readEntryLines(entry, notes, collect);
      const secs = sections(lines);
      let sec: Section | undefined;
      let secIndex = -1;
      if (secs.length > 1) {
        if (apiStep && target.apiJob) {
          secIndex = ranSteps(target.apiJob).findIndex(s => s.number === apiStep.number);
          if (secIndex >= secs.length) secIndex = -1;
        }
        const err = firstErrorIndex(lines);
        const errSection = err >= 0 ? secs.findIndex(s => s.start <= err && err <= s.end) : -1;
        // The API's numbering only lines up when every step that ran wrote its section; when the
        // mapped section shows no error but another one does, the log is the better witness.
        if (
          secIndex < 0 ||
          (errSection >= 0 && firstErrorIndex(lines, secs[secIndex].start, secs[secIndex].end) < 0)
        ) {
          secIndex = errSection;
        }
        sec = secIndex >= 0 ? secs[secIndex] : undefined;
        checkout = checkoutInJobLog(lines, secs, secIndex, err);
      }
      if (apiStep) notes.push(`no step file for "${apiStep.name}"; used the job log`);
      // The step's own file, when the archive has one per section, gives the step's own line numbers.
      const stepFile = !apiStep && sec && stepFiles.length === secs.length ? stepFiles[secIndex] : undefined;
      if (stepFile) {
        entry = stepFile;
        region = (await readEntryLines(entry, notes, collect)).lines;
        step = stepFile.stepName ?? sec!.name;
      } else {
        // A Travis CI log (or any log with its command markers): the failed command's output.
        sec ??= secs.length <= 1 ? travisRegion(lines) : undefined;
        region = sec ? lines.slice(sec.start, sec.end + 1) : lines;
        if (!step && sec) step = sec.name;
      }
    }
    if (!step && entry.kind === 'step') step = entry.stepName ?? '';

    const baseline =
      opts.baseline !== undefined ? await baselineKeys(opts.baseline, entry.path, jobDir, notes) : undefined;
    const found = runExtractors(region);
    const span = locate(region, found, baseline);
    const chunkLines = span.end >= span.start ? region.slice(span.start, span.end + 1) : [];
    const secrets = [...(opts.extraSecrets ?? []), ...masks];
    const failures = toFailures(found).map(f => redactFailure(f, secrets));
    const errorLines = region.filter(l => l.marker === 'error').map(l => l.text);
    const evidence = [...chunkLines.map(l => l.text), ...errorLines];
    let { category, knownPattern } = classify(failures, evidence);
    if (target.conclusion === 'cancelled' && category === 'unknown') category = 'cancelled';
    if (target.conclusion === 'timed_out' && (category === 'unknown' || category === 'cancelled'))
      category = 'timeout';
    knownPattern ??= category === 'infra' ? matchPattern(evidence)?.name : undefined;
    const chunk = {
      file: entry.path,
      startLine: chunkLines.length ? chunkLines[0].n : 0,
      endLine: chunkLines.length ? chunkLines[chunkLines.length - 1].n : 0,
      text: redact(chunkLines.map(displayLine).join('\n'), secrets)
    };
    const job = target.job || jobDir;
    const triage: Triage = { job, step, category, chunk, failures, fingerprint: '' };
    if (knownPattern) triage.knownPattern = knownPattern;
    if (checkout) triage.checkout = checkout;
    triage.fingerprint = fingerprint(triage);
    if (notes.length) triage.notes = [...new Set(notes)];
    return triage;
  } finally {
    await close();
  }
}

/** The merge commit the first actions/checkout step among these step files (in order) names. */
async function checkoutInStepFiles(files: LogEntry[]): Promise<MergeCommit | undefined> {
  for (const f of files) {
    // What these files say about their own reading is not the triage's business.
    const { lines } = await readEntryLines(f, []);
    const header = stepHeader(lines);
    if (header !== undefined && isCheckoutStep(header)) return mergeCommitIn(lines);
  }
  return undefined;
}

function redactFailure(f: Failure, secrets: string[]): Failure {
  const out: Failure = { ...f, message: redact(f.message, secrets) };
  if (out.testName) out.testName = redact(out.testName, secrets);
  return out;
}
