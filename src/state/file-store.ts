/**
 * The CLI's StateStore, the same fold as the action's with files: each save writes its own batch
 * `<dir>/events/<time>-<pid>-<random>.json` (never rewritten) and the snapshot `<dir>/state.json`
 * (written then renamed). Loading reads the snapshot, then folds every batch of the retention window
 * it has not folded, so two heals at once both count.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type Logger, silentLogger } from '../delivery/ports.js';
import type { NightwatchState, StateStore } from './port.js';
import { STATE_FILE, emptyState, parseState, serializeState } from './state.js';
import {
  DEFAULT_RETENTION,
  type Retention,
  type SavedBatch,
  foldBatches,
  parseBatch,
  prune,
  serializeBatch
} from './events.js';

const DAY = 24 * 60 * 60 * 1000;
const BATCH = /^\d{8}T\d{9}Z-\d+-[0-9a-f]{8}\.json$/;

/** Keeps the state in `<dir>/state.json` and `<dir>/events/`; a corrupt file is skipped with a warning. */
export class FileStateStore implements StateStore {
  readonly file: string;
  readonly eventsDir: string;
  private saved = 0;
  private savedBatches: Record<string, string> = {};

  constructor(
    readonly dir: string,
    private readonly log: Logger = silentLogger,
    private readonly retention: Retention = DEFAULT_RETENTION
  ) {
    this.file = path.join(dir, STATE_FILE);
    this.eventsDir = path.join(dir, 'events');
  }

  async load(): Promise<NightwatchState> {
    let state = emptyState();
    const text = await readIfExists(this.file);
    if (text !== undefined) {
      try {
        state = parseState(text);
      } catch (error) {
        this.log.warning(
          `Ignoring the corrupt state in ${this.file} (${message(error)}); folding the events alone`
        );
      }
    }
    const cutoff = Date.now() - this.retention.days * DAY;
    const batches: SavedBatch[] = [];
    for (const name of await this.batches()) {
      if (state.folded[name] !== undefined) continue;
      const at = batchTime(name);
      if (at.getTime() < cutoff) continue;
      try {
        const events = parseBatch((await readIfExists(path.join(this.eventsDir, name))) ?? '');
        batches.push({ name, events, at: at.toISOString() });
      } catch (error) {
        this.log.warning(`Ignoring the events in ${path.join(this.eventsDir, name)}: ${message(error)}`);
      }
    }
    return foldBatches(state, batches);
  }

  async save(state: NightwatchState): Promise<void> {
    const events = (state.pending ?? []).slice(this.saved);
    if (events.length === 0) return;
    await fs.mkdir(this.eventsDir, { recursive: true });
    const now = new Date();
    const name = `${now.toISOString().replace(/[-:.]/g, '')}-${process.pid}-${randomBytes(4).toString('hex')}.json`;
    await writeAtomic(path.join(this.eventsDir, name), serializeBatch(events));
    this.saved += events.length;
    this.savedBatches[name] = now.toISOString();
    const snapshot = prune(
      { ...state, folded: { ...state.folded, ...this.savedBatches } },
      now,
      this.retention
    );
    await writeAtomic(this.file, serializeState(snapshot));
    // Batches past the window (and the two days of margin the snapshot keeps their names) are read by no one.
    const gone = now.getTime() - (this.retention.days + 3) * DAY;
    for (const old of await this.batches())
      if (batchTime(old).getTime() < gone) await fs.rm(path.join(this.eventsDir, old), { force: true });
  }

  private async batches(): Promise<string[]> {
    try {
      return (await fs.readdir(this.eventsDir)).filter(n => BATCH.test(n)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

/** The time a batch name starts with (`20260101T120000123Z-...`). */
function batchTime(name: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(name)!;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Write then rename, so an interrupted save never leaves half a file. */
async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, text);
  await fs.rename(tmp, file);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
