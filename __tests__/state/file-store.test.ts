import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordHeal } from '../../src/pipeline/record.js';
import { FileStateStore } from '../../src/state/file-store.js';
import type { NightwatchState } from '../../src/state/port.js';
import { emptyState } from '../../src/state/state.js';
import { steer } from '../../src/state/steer.js';
import type { Triage } from '../../src/types.js';

function healed(
  state: NightwatchState,
  fingerprint: string,
  status: 'fixed' | 'escalated' = 'fixed'
): NightwatchState {
  return recordHeal(state, {
    runId: 0,
    runAttempt: 1,
    status,
    attempts: 1,
    triage: { fingerprint, category: 'test' } as Triage
  });
}

describe('state/file-store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'nw-file-store-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('starts empty, then round-trips what it saved as a batch of events and a snapshot', async () => {
    const store = new FileStateStore(join(dir, '.nightwatch'));
    expect(await store.load()).toEqual(emptyState());
    const s = healed(await store.load(), 'fp');
    await store.save(s);
    const loaded = await store.load();
    expect(loaded.ledger).toEqual(s.ledger);
    expect(loaded.metrics).toEqual(s.metrics);
    expect(loaded.pending).toBeUndefined();
    expect((await fs.readdir(join(dir, '.nightwatch'))).sort()).toEqual(['events', 'state.json']);
    expect(await fs.readdir(join(dir, '.nightwatch', 'events'))).toHaveLength(1);
  });

  it('two heals at once (same loaded state) both count, once each', async () => {
    const a = new FileStateStore(dir);
    const b = new FileStateStore(dir);
    const [la, lb] = [await a.load(), await b.load()];
    await a.save(healed(la, 'first'));
    await b.save(healed(lb, 'second', 'escalated'));
    // b's snapshot won the rename and has not folded a's batch: the batch itself is folded.
    const merged = await new FileStateStore(dir).load();
    expect(merged.ledger.map(e => e.fingerprint).sort()).toEqual(['first', 'second']);
    expect(merged.metrics).toMatchObject({ runs: 2, fixed: 1, escalated: 1, attempts: 2 });
    const c = new FileStateStore(dir);
    await c.save(steer(merged, { command: 'ignore', fingerprint: 'first', actor: 'me' }).state);
    const again = await new FileStateStore(dir).load();
    expect(again.metrics.runs).toBe(2);
    expect(Object.keys(again.ignores)).toEqual(['first']);
  });

  it('warns about a corrupt snapshot and still folds the batches beside it', async () => {
    const store = new FileStateStore(dir);
    await store.save(healed(emptyState(), 'kept'));
    await fs.writeFile(join(dir, 'state.json'), '{"version": 1, "ledger": 5}');
    const warnings: string[] = [];
    const loaded = await new FileStateStore(dir, {
      debug: () => undefined,
      info: () => undefined,
      warning: m => warnings.push(m)
    }).load();
    expect(warnings[0]).toMatch(/corrupt state.*ledger must be an array/);
    expect(loaded.ledger.map(e => e.fingerprint)).toEqual(['kept']);
  });

  it('skips a corrupt batch with a warning and saves nothing when no event was added', async () => {
    await fs.mkdir(join(dir, 'events'));
    await fs.writeFile(
      join(dir, 'events', `${new Date().toISOString().replace(/[-:.]/g, '')}-1-abcdef01.json`),
      'nope'
    );
    const warnings: string[] = [];
    const store = new FileStateStore(dir, {
      debug: () => undefined,
      info: () => undefined,
      warning: m => warnings.push(m)
    });
    const loaded = await store.load();
    expect(loaded).toEqual(emptyState());
    expect(warnings.join('\n')).toMatch(/Ignoring the events in .*not JSON/);
    await store.save(loaded);
    await expect(fs.stat(join(dir, 'state.json'))).rejects.toThrow(/ENOENT/);
  });
});
