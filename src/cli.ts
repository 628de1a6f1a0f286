import { diagnoseCommand } from './commands/diagnose.js';
import { healCommand } from './commands/heal.js';
import { stateCommand } from './commands/state.js';

const USAGE = `nightwatch — self-healing CI, locally

Usage:
  nightwatch heal --repo DIR [--command CMD] [--install CMD] [--image IMG] [--sandbox docker|host|auto]
                  [--max-attempts N] [--json]
      Reproduce the failing tests of DIR's HEAD and repair them; a fix is committed on a new
      nightwatch/* branch of DIR, whose own checkout is left as it was.
      GEMINI_API_KEY enables the model loop (GOOGLE_GEMINI_BASE_URL overrides the endpoint).
  nightwatch diagnose PATH [--baseline PATH] [--json]
      Triage a run-log zip, a folder of one, or a plain log file.
  nightwatch status|metrics|export [--repo DIR]
  nightwatch explain FINGERPRINT [--repo DIR]
      Read the state Nightwatch keeps for DIR (in DIR/.git/nightwatch/state.json).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  switch (command) {
    case 'heal':
      return healCommand(rest, out);
    case 'diagnose':
      return diagnoseCommand(rest, out);
    case 'status':
    case 'metrics':
    case 'explain':
    case 'export':
      return stateCommand(command, rest, out);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`nightwatch: unknown command '${command}'.\n\n${USAGE}`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`nightwatch: ${message}\n`);
  process.exitCode = 1;
}
