import AdmZip from 'adm-zip';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Reads one file of an artifact downloaded with `skipDecompress: true`. The artifact client's own
 * unzip (unzip-stream → binary) calls the deprecated `Buffer()` constructor, which prints DEP0005 on
 * stderr of every run that loads state; adm-zip reads the zip instead, and only the entry asked for.
 */
export async function readArtifactFile(
  dir: string,
  name: string,
  maxBytes = 16 * 1024 * 1024
): Promise<string> {
  const direct = path.join(dir, name);
  try {
    return await fs.readFile(direct, 'utf8');
  } catch {
    // not saved as-is: look for the downloaded zip
  }
  const files = await fs.readdir(dir);
  for (const f of files) {
    const full = path.join(dir, f);
    const head = Buffer.alloc(4);
    const fh = await fs.open(full, 'r');
    try {
      await fh.read(head, 0, 4, 0);
    } finally {
      await fh.close();
    }
    if (head.readUInt32LE(0) !== 0x04034b50) continue;
    const entry = new AdmZip(full).getEntry(name);
    if (!entry) continue;
    if (entry.header.size > maxBytes)
      throw new Error(`${name} in the artifact is ${entry.header.size} bytes, above ${maxBytes}`);
    return entry.getData().toString('utf8');
  }
  throw new Error(`the artifact holds no ${name}`);
}
