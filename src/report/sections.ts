/** Sections shared by the builders. */
import { FINGERPRINT_LINE_PREFIX } from '../constants.js';
import type { Attempt, Diagnosis, Evidence, FailedRun, Reproduction, RunCounts, Triage } from '../types.js';
import { clip, code, details, fence, inline, numberLines, percent, table, tail } from './markdown.js';
import type { ProjectInfo, RiskInfo, TestEvidence } from './types.js';

/** Character budgets of the long parts; halved when a body would exceed GitHub's limit. */
export interface Budget {
  chunk: number;
  diff: number;
  outputTail: number;
  attemptTail: number;
}

/** The budgets used first. */
export const DEFAULT_BUDGET: Budget = { chunk: 8000, diff: 24000, outputTail: 4000, attemptTail: 2500 };

/** The budget with every part halved. */
export function halve(b: Budget): Budget {
  return {
    chunk: Math.floor(b.chunk / 2),
    diff: Math.floor(b.diff / 2),
    outputTail: Math.floor(b.outputTail / 2),
    attemptTail: Math.floor(b.attemptTail / 2)
  };
}

/** The visible fingerprint line (later runs search bodies for it). */
export function fingerprintFooter(fingerprint: string): string {
  return `${FINGERPRINT_LINE_PREFIX} ${fingerprint.replace(/[^\w.:-]/g, '')}`;
}

/** A link to the run, or its id. */
export function runLink(run: FailedRun): string {
  const label = `${inline(run.workflow || 'workflow')} run ${run.runId}${run.runAttempt > 1 ? ` (attempt ${run.runAttempt})` : ''}`;
  return /^https?:\/\//.test(run.htmlUrl)
    ? `[${label}](${run.htmlUrl.replace(/[()\s]/g, encodeURIComponent)})`
    : label;
}

/** What failed: run, commit, job, step, category. */
export function failureFacts(run: FailedRun, triage: Triage): string {
  return table(
    ['', ''],
    [
      ['Run', runLink(run)],
      ['Commit', `${code(run.headSha.slice(0, 12))} on ${code(run.headBranch)}`],
      ['Job / step', `${inline(triage.job)} / ${inline(triage.step)}`],
      [
        'Category',
        `${triage.category}${triage.knownPattern ? ` (known pattern ${code(triage.knownPattern)})` : ''}`
      ]
    ]
  );
}

/** Root cause, confidence, location and plan. */
export function diagnosisSection(d: Diagnosis): string {
  const where = d.file ? ` in ${code(d.file + (d.line ? `:${d.line}` : ''))}` : '';
  const lines = [
    `**Root cause** (${d.source === 'model' ? 'model' : 'rules'}, confidence ${percent(d.confidence)})${where}:`,
    '',
    quote(d.rootCause)
  ];
  if (d.plan) lines.push('', '**Plan:**', '', quote(d.plan));
  return lines.join('\n');
}

/** Untrusted multi-line prose as a blockquote of escaped lines. */
export function quote(text: string): string {
  return text
    .split(/\r?\n/)
    .map(l => `> ${inline(l)}`)
    .join('\n');
}

/** The log chunk that says why, fenced, with its file and 1-based line numbers. */
export function chunkSection(triage: Triage, max: number): string {
  const c = triage.chunk;
  const text = numberLines(clip(c.text, max), c.startLine);
  return [`Log ${code(c.file)}, lines ${c.startLine}–${c.endLine}:`, '', fence(text)].join('\n');
}

/** The structured failures, as a table (at most 20). */
export function failuresSection(triage: Triage): string {
  if (triage.failures.length === 0) return '';
  const rows = triage.failures
    .slice(0, 20)
    .map(f => [
      inline(f.tool),
      f.errorType ? inline(f.errorType) : '',
      inline(f.message.slice(0, 300)),
      f.file ? code(f.file + (f.line ? `:${f.line}` : '')) : '',
      f.testName ? code(f.testName) : ''
    ]);
  const more = triage.failures.length > 20 ? `\n\n… and ${triage.failures.length - 20} more.` : '';
  return table(['Tool', 'Error', 'Message', 'Where', 'Test'], rows) + more;
}

/** A test run as evidence: command, image, exit code and the output tail. */
export function evidence(title: string, e: TestEvidence, max: number): string {
  const facts = `${code(e.command)} in ${code(e.image)} → exit code **${e.exitCode}**${
    e.durationMs !== undefined ? ` (${(e.durationMs / 1000).toFixed(1)} s)` : ''
  }`;
  return [`**${title}:** ${facts}`, '', details('Output (tail)', fence(tail(e.outputTail, max)))].join('\n');
}

/** The reproduction as evidence. */
export function reproductionEvidence(r: Reproduction): TestEvidence {
  return {
    command: r.command,
    image: r.image,
    exitCode: r.exitCode,
    outputTail: r.outputTail,
    durationMs: r.durationMs
  };
}

/** One line per attempt: number, source, verdict, summary. */
export function attemptsTable(attempts: Attempt[]): string {
  if (attempts.length === 0) return '_No repair attempts._';
  return table(
    ['#', 'Source', 'Verdict', 'Files', 'Summary'],
    attempts.map(a => [
      String(a.n),
      code(a.source),
      verdictMark(a.verdict),
      a.edits.length === 0 ? '' : [...new Set(a.edits.map(e => e.file))].map(code).join(', '),
      a.summary ? inline(a.summary.slice(0, 300)) : ''
    ])
  );
}

/** Each attempt with its edits and output tail, collapsed. */
export function attemptDetails(attempts: Attempt[], maxTail: number): string {
  return attempts
    .map(a => {
      const parts = [
        `**Attempt ${a.n}** (${code(a.source)}): ${verdictMark(a.verdict)}`,
        a.summary ? `\n${quote(a.summary)}` : '',
        a.regressionTest ? `\nRegression test: ${code(a.regressionTest)}` : ''
      ];
      for (const e of a.edits) {
        parts.push(
          `\n${e.search === '' ? 'Create' : 'Edit'} ${code(e.file)}:\n\n${fence(
            e.search === ''
              ? e.replace
              : `<<<<<<< search\n${e.search}\n=======\n${e.replace}\n>>>>>>> replace`
          )}`
        );
      }
      parts.push(`\n${details(`Output of attempt ${a.n} (tail)`, fence(tail(a.outputTail, maxTail)))}`);
      return parts.join('\n');
    })
    .join('\n\n');
}

/** The verdict with a mark. */
export function verdictMark(v: Attempt['verdict']): string {
  return v === 'pass' ? '✅ pass' : v === 'fail' ? '❌ fail' : '⚠️ invalid';
}

/** How to reproduce the failure locally, with the same image and commands. */
export function reproduceLocally(
  run: FailedRun,
  spec: ProjectInfo | undefined,
  r: Reproduction | undefined
): string {
  const named = spec?.image ?? r?.image ?? '';
  // The exact image the reproduction ran: by registry digest when it has one.
  const digest = r?.imageDigest && (!spec?.image || spec.image === r.image) ? r.imageDigest : undefined;
  const image = digest?.includes('@') ? digest : named;
  const test = spec?.test ?? r?.command ?? '';
  const script = [spec?.install, test].filter((s): s is string => !!s).join(' && ');
  const origin = /^https?:\/\//.test(run.htmlUrl) ? new URL(run.htmlUrl).origin : 'https://github.com';
  const m = r?.mergeCommit;
  // The merge commit CI tested lives in the base repository (refs/pull/N/merge), fetched by sha.
  const lines = m
    ? [
        `git clone ${origin}/${run.owner}/${run.repo}.git && cd ${run.repo}`,
        `git fetch origin ${m.sha} && git checkout ${m.sha}  # the PR head merged into its base, as CI ran it`
      ]
    : [
        `git clone ${origin}/${run.headRepository}.git && cd ${run.headRepository.split('/')[1] ?? 'repo'}`,
        `git checkout ${run.headSha}`
      ];
  if (digest && !digest.includes('@'))
    lines.push(`# ${named} was a local image, ID ${digest}: build or load the same image first`);
  if (image && image !== 'host') {
    lines.push(`docker run --rm -v "$PWD":/work -w /work ${image} sh -c ${shellQuote(script)}`);
  } else if (script) {
    lines.push(script);
  }
  lines.push(
    `# or let Nightwatch do it: nightwatch-ci heal --repo .${test ? ` --command ${shellQuote(test)}` : ''}${
      image && image !== 'host' ? ` --image ${image}` : ''
    }`
  );
  return fence(lines.join('\n'), 'sh');
}

/**
 * Which commit the reproduction ran at when it was not the head alone: the merge commit a
 * `pull_request` run tests (refs/pull/N/merge); undefined for the head.
 */
export function reproducedAt(r: Reproduction | undefined): string | undefined {
  const m = r?.mergeCommit;
  if (!m) return undefined;
  return `Reproduced at the merge commit ${code(m.sha.slice(0, 12))} of ${code(m.head.slice(0, 12))} into ${code(m.base.slice(0, 12))}, as CI ran it (not at the PR head alone).`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Builds with the default budget, halving it until the body fits GitHub's limit. */
export function fitted(build: (b: Budget) => string, max: number): string {
  let budget = DEFAULT_BUDGET;
  let body = build(budget);
  for (let i = 0; i < 6 && body.length > max; i++) {
    budget = halve(budget);
    body = build(budget);
  }
  return body;
}

function countsCell(c: RunCounts): string {
  const counts = c.readable
    ? `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`
    : 'counts not readable';
  return `exit ${c.exitCode}; ${counts}`;
}

/**
 * The proof a fix carries (repair/proof.ts): the tests that went from fail to pass, the totals
 * before and after, the re-runs, and what guards against a return of the bug.
 */
export function proofSection(e: Evidence, r?: Pick<Reproduction, 'image' | 'imageDigest'>): string {
  const rows = e.failing.slice(0, 30).map(id => [code(id), 'fail', e.fixed.includes(id) ? 'pass' : '—']);
  const lines: string[] = [];
  if (rows.length > 0) {
    lines.push(table(['Test', 'Before', 'After'], rows));
    if (e.failing.length > 30) lines.push('', `… and ${e.failing.length - 30} more.`);
    lines.push('');
  }
  lines.push(
    table(
      ['', 'Tests'],
      [
        ['Before (failing commit)', countsCell(e.before)],
        ['After (this fix)', countsCell(e.after)]
      ]
    ),
    '',
    `Re-runs of the failing tests with the fix: ${e.reruns}, all passed. No test was skipped, deselected or deleted to get here, ` +
      'and no test configuration, skip marker or assertion of an existing test was changed' +
      (e.runners.length > 0 ? ` (read from ${e.runners.map(code).join(', ')} output).` : '.')
  );
  if (e.guard === 'regression-test' && e.regressionTest) {
    lines.push(
      '',
      `Regression guard: the new test ${code(e.regressionTest)} fails on the broken commit and passes with the fix.`
    );
  } else if (e.guard === 'failing-tests') {
    lines.push(
      '',
      'Regression guard: the tests that failed in the reproduction (a deterministic fix adds no test of its own).'
    );
  }
  if (r?.imageDigest && r.image !== 'host') {
    lines.push(
      '',
      `Image: ${code(r.imageDigest)}${r.imageDigest.startsWith(`${r.image.split(/[:@]/)[0]}@`) ? '' : ` (${code(r.image)})`}.`
    );
  }
  for (const n of e.notes) lines.push('', `Note: ${inline(n)}`);
  return lines.join('\n');
}

/** The warning on a fix that changes an existing test's expectations (always a draft PR). */
export const TEST_EXPECTATIONS_WARNING =
  "This fix changes an existing test's expectations because the diagnosis says the test is wrong: review the test change.";

/** Why a fix PR is a draft labelled for review: shown at the top of its body. */
export function reviewCallout(
  risk: RiskInfo | undefined,
  changesTestExpectations: boolean,
  label: string
): string {
  const lines: string[] = [];
  if (changesTestExpectations) lines.push('> [!WARNING]', `> ${TEST_EXPECTATIONS_WARNING}`);
  if (risk && risk.score > risk.max) {
    if (lines.length > 0) lines.push('');
    lines.push(
      '> [!IMPORTANT]',
      `> Risk ${risk.score.toFixed(2)} is above \`max-risk\` ${risk.max}: review this fix closely (reasons under **Risk** below).`
    );
  }
  if (lines.length > 0)
    lines.push(
      '',
      `Opened as a draft labelled ${code(label)}: mark it ready for review once a person has checked it.`
    );
  return lines.join('\n');
}

/** The fix's risk score against `max-risk`, with its reasons. */
export function riskSection(risk: RiskInfo): string {
  const head = `**Risk ${risk.score.toFixed(2)}** (0 to 1; \`max-risk\` ${risk.max}${
    risk.score > risk.max ? ', above it' : ''
  }).`;
  if (risk.reasons.length === 0) return `${head} Nothing in this fix adds to it.`;
  return [head, '', ...risk.reasons.map(r => `- ${inline(r)}`)].join('\n');
}
