/** The CLI's StateStore: one JSON file in a folder (e.g. `.nightwatch/state.json`). */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type Logger, silentLogger } from '../delivery/ports.js';
import type { NightwatchState, StateStore } from './port.js';
import { STATE_FILE, emptyState, parseState, serializeState } from './state.js';

/** Keeps the state in `<dir>/state.json`; a missing or corrupt file reads as the empty state. */
export class FileStateStore implements StateStore {
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly log: Logger = silentLogger
  ) {
    this.file = path.join(dir, STATE_FILE);
  }

  async load(): Promise<NightwatchState> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
      throw error;
    }
    try {
      return parseState(text);
    } catch (error) {
      this.log.warning(
        `Ignoring the corrupt state in ${this.file} (${error instanceof Error ? error.message : String(error)}); starting empty`
      );
      return emptyState();
    }
  }

  async save(state: NightwatchState): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    // Write then rename, so an interrupted save never leaves half a file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, serializeState(state));
    await fs.rename(tmp, this.file);
  }
}
