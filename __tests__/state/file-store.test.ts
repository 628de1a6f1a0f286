import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStateStore } from '../../src/state/file-store.js';
import { recordRun } from '../../src/state/ledger.js';
import { emptyState } from '../../src/state/state.js';

describe('state/file-store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'nw-file-store-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('starts empty, then round-trips what it saved', async () => {
    const store = new FileStateStore(join(dir, '.nightwatch'));
    expect(await store.load()).toEqual(emptyState());
    const s = recordRun(emptyState(), {
      runId: 1,
      runAttempt: 1,
      fingerprint: 'fp',
      status: 'fixed',
      category: 'test'
    });
    await store.save(s);
    expect(await store.load()).toEqual(s);
    expect(JSON.parse(await fs.readFile(join(dir, '.nightwatch', 'state.json'), 'utf8'))).toEqual(s);
    expect((await fs.readdir(join(dir, '.nightwatch'))).sort()).toEqual(['state.json']);
  });

  it('warns about a corrupt file and starts empty instead of crashing', async () => {
    await fs.writeFile(join(dir, 'state.json'), '{"version": 1, "ledger": 5}');
    const warnings: string[] = [];
    const store = new FileStateStore(dir, {
      debug: () => undefined,
      info: () => undefined,
      warning: m => warnings.push(m)
    });
    expect(await store.load()).toEqual(emptyState());
    expect(warnings[0]).toMatch(/corrupt state.*ledger must be an array/);
  });
});
