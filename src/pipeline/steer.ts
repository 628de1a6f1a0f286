import type { PipelineContext, PipelineResult } from './context.js';
import { actorOf } from './record.js';
import { steer } from '../state/steer.js';

/**
 * A steering command given through workflow_dispatch inputs (`command`, `fingerprint`, `reason`):
 * load the state, apply it as this run's events with the dispatcher as actor, save. No heal runs.
 */
export async function runSteering(ctx: PipelineContext): Promise<PipelineResult> {
  const { settings, log } = ctx;
  const command = settings.command!;
  const actor = actorOf(ctx.payload) ?? 'unknown';
  const loaded = await log.group('Load state', () => ctx.state.load());
  const r = steer(loaded, { command, fingerprint: settings.fingerprint, actor, reason: settings.reason });
  if (settings.dryRun) {
    log.info(`Dry run: not saved. ${r.message}`);
  } else {
    // A steering command that cannot be saved did not happen: that is an error, not a warning.
    await log.group('Save state', () => ctx.state.save(r.state));
    log.info(r.message);
  }
  return {
    status: 'skipped',
    outcome: { kind: 'skipped', reason: `${command} by ${actor}: ${r.message}` },
    attempts: 0,
    refusals: []
  };
}
