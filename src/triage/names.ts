/**
 * How GitHub names the files of a run-log archive, in one place: the triage reads archives with it
 * and the test world's emulator writes them with it (`__tests__/world/run-logs.ts`).
 *
 * What is known of GitHub's server (cli/cli `pkg/cmd/run/view/logs.go` and issues #5011, #7642,
 * #9153, #10551; the real archive in shared/datasets/gha-run-archive.zip):
 * - a job's whole log is a top-level `<N>_<job>.txt`. N is an ordinal that starts at 1 in older
 *   archives and at 0 in those of the results service, and it repeats across groups of jobs; a
 *   negative N (`-2147483648_<job>.txt`) is a job id of the legacy service. N never names the job.
 * - a step's log is `<job>/<n>_<step>.txt`, n the step's number; the step files may be absent
 *   altogether (the job's top-level file is then the only log of the job).
 * - names lose the characters a path cannot hold (`actions/checkout@v4` -> `actionscheckout@v4`;
 *   `/` and `:` are confirmed, the rest of the Windows-reserved set is dropped likewise), are cut to
 *   90 UTF-16 code units (C# `Substring`, which may split a surrogate pair) and then trimmed.
 * - jobs with the same cleaned name get ` (1)`, ` (2)`... after the name, in the order the run lists them.
 */

/** The longest job or step name in an archive path, in UTF-16 code units (C# string length). */
export const ARCHIVE_NAME_MAX = 90;

/** Characters dropped from job and step names: those a path cannot hold on some file system, and controls. */
const DROPPED = /[/\\:*?"<>|\u0000-\u001f]/g;

/** A job or step name as it appears in archive paths. */
export function archiveName(name: string): string {
  const cleaned = name.replace(DROPPED, '');
  // String.length and slice count UTF-16 code units, as C# does.
  return (cleaned.length > ARCHIVE_NAME_MAX ? cleaned.slice(0, ARCHIVE_NAME_MAX) : cleaned).trim();
}

/**
 * The archive names of a run's jobs, in the order given: the cleaned name, with ` (k)` added to the
 * k-th repeat of a cleaned name (the first keeps it bare).
 */
export function archiveJobNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map(n => {
    const base = archiveName(n);
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return k === 0 ? base : `${base} (${k})`;
  });
}

/** The top-level file of a job: `<N>_<job>.txt` (N may be 0 or negative). */
export function jobLogPath(index: number, archiveJobName: string): string {
  return `${index}_${archiveJobName}.txt`;
}

/** The file of a job's step: `<job>/<n>_<step>.txt`. */
export function stepLogPath(archiveJobName: string, stepNumber: number, stepName: string): string {
  return `${archiveJobName}/${stepNumber}_${archiveName(stepName)}.txt`;
}

const JOB_FILE = /^(-?\d+)_(.+)\.txt$/;
const STEP_FILE = /^([^/]+)\/(\d+)_(.+)\.txt$/;

/** A top-level job file's index and archive job name, or undefined for any other path. */
export function parseJobLogPath(p: string): { index: number; job: string } | undefined {
  if (p.includes('/')) return undefined;
  const m = JOB_FILE.exec(p);
  return m ? { index: Number(m[1]), job: m[2] } : undefined;
}

/** A step file's archive job name, step number and archive step name, or undefined. */
export function parseStepLogPath(p: string): { job: string; number: number; step: string } | undefined {
  const m = STEP_FILE.exec(p);
  return m ? { job: m[1], number: Number(m[2]), step: m[3] } : undefined;
}
