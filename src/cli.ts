import pkg from '../package.json' with { type: 'json' };
import { EXIT, PROGRAM, UsageError } from './commands/args.js';
import { backfillCommand } from './commands/backfill.js';
import { diagnoseCommand } from './commands/diagnose.js';
import { healCommand } from './commands/heal.js';
import { planCommand } from './commands/plan.js';
import { stateCommand } from './commands/state.js';
import { exitOnSignals } from './cancel.js';

const USAGE = `${PROGRAM} ${pkg.version} — Nightwatch, self-healing CI, locally

Usage:
  ${PROGRAM} heal --repo DIR [--working-directory PATH] [--command CMD] [--install CMD] [--image IMG]
                  [--sandbox docker|host|auto] [--max-attempts N] [--min-confidence X] [--json]
      Reproduce the failing tests of DIR's HEAD and repair them; a fix is committed on a new
      nightwatch/* branch of DIR, whose own checkout is left as it was.
  ${PROGRAM} diagnose PATH [--baseline PATH] [--json]
      Triage a run-log zip, a folder of one, or a plain log file.
  ${PROGRAM} plan --repo DIR [--workflow PATH] [--job NAME] [--step NAME] [--json]
      How the failed job is reproduced: image, services, install and test, from its workflow.
  ${PROGRAM} status|metrics|export [--repo DIR | --github OWNER/REPO] [--json]
  ${PROGRAM} export [--format json|markdown] [--out FILE] [--repo DIR | --github OWNER/REPO]
  ${PROGRAM} dashboard --out DIR [--repo DIR | --github OWNER/REPO]
  ${PROGRAM} audit [--since DATE] [--fingerprint F] [--action A] [--repo DIR | --github OWNER/REPO] [--json]
  ${PROGRAM} explain FINGERPRINT [--repo DIR | --github OWNER/REPO] [--json]
      Read the state Nightwatch keeps for DIR (in DIR/.git/nightwatch/) or the action's state on GitHub.
  ${PROGRAM} ignore|unignore|quarantine|unquarantine FINGERPRINT [--reason TEXT] [--repo DIR | --github OWNER/REPO]
  ${PROGRAM} breaker reset [--repo DIR | --github OWNER/REPO]
      Steer Nightwatch (on GitHub: dispatches its workflow with the command as inputs).
  ${PROGRAM} backfill --github OWNER/REPO --days N [--max-calls N] [--repo DIR] [--json]
      Triage the failed runs of the last N days into the memory of DIR (nothing is healed).
  ${PROGRAM} --version | --help | COMMAND --help

Exit codes: 0 done (heal: fixed, or the tests pass), 1 internal error, 2 usage error,
            3 escalated (no verified fix), 4 not reproduced.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  switch (command) {
    case 'heal':
      return healCommand(rest, out);
    case 'backfill':
      return backfillCommand(rest, out);
    case 'diagnose':
      return diagnoseCommand(rest, out);
    case 'plan':
      return planCommand(rest, out);
    case 'status':
    case 'metrics':
    case 'explain':
    case 'export':
    case 'dashboard':
    case 'audit':
    case 'ignore':
    case 'unignore':
    case 'quarantine':
    case 'unquarantine':
    case 'breaker':
      return stateCommand(command, rest, out);
    case '-V':
    case '--version':
    case 'version':
      out(pkg.version);
      return EXIT.ok;
    case '-h':
    case '--help':
    case 'help':
      out(USAGE);
      return EXIT.ok;
    case undefined:
      process.stderr.write(`${PROGRAM}: give a command.\n\n${USAGE}`);
      return EXIT.usage;
    default:
      process.stderr.write(`${PROGRAM}: unknown command '${command}'.\n\n${USAGE}`);
      return EXIT.usage;
  }
}

const argv = process.argv.slice(2);
// Ctrl-C or a cancelled job: the heal's containers, networks, copies and worktrees go; exit 130/143.
exitOnSignals(m => void process.stderr.write(`${PROGRAM}: ${m}\n`));
try {
  process.exitCode = await main(argv);
} catch (error) {
  if (error instanceof UsageError) {
    // The message, the usage line, and where the rest is: the whole help would bury the message.
    const [usageLine] = error.usage.split('\n');
    process.stderr.write(
      `${PROGRAM} ${argv[0]}: ${error.message.replace(/([^.])$/, '$1.')}\n${usageLine}\nRun '${PROGRAM} ${argv[0]} --help' for the options.\n`
    );
    process.exitCode = EXIT.usage;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${PROGRAM}: ${message}\n`);
    process.exitCode = EXIT.internal;
  }
}
