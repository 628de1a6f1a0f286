/**
 * Toolchains for the host sandbox on a runner without Docker (macOS, Windows, container jobs): the
 * version the Docker image would have had, taken from the runner's tool cache (RUNNER_TOOL_CACHE,
 * laid out as @actions/tool-cache and the setup-* actions leave it: <tool>/<version>/<arch>/ with a
 * <arch>.complete marker). Read directly rather than through tc.find, which reads process.env itself.
 */
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProjectSpec } from './port.js';

/** A toolchain found in the tool cache: its folders go first on PATH. */
export interface Toolchain {
  tool: string;
  version: string;
  dirs: string[];
}

// Tool cache names as the setup-* actions use them, and where the executables are inside.
const TOOLS: Partial<
  Record<ProjectSpec['language'], { name: string; image: RegExp; bins: (win: boolean) => string[] }>
> = {
  python: {
    name: 'Python',
    image: /^(?:.*\/)?python:(\d+\.\d+)/,
    bins: win => (win ? ['', 'Scripts'] : ['bin'])
  },
  node: { name: 'node', image: /^(?:.*\/)?node:(\d+)/, bins: win => (win ? [''] : ['bin']) },
  go: { name: 'go', image: /^(?:.*\/)?golang:(\d+\.\d+)/, bins: () => ['bin'] }
};

/** The version the spec's image stands for (`python:3.12-slim` -> `3.12`), when it is an official one. */
export function imageToolVersion(spec: ProjectSpec): { tool: string; version: string } | undefined {
  const t = TOOLS[spec.language];
  const m = t?.image.exec(spec.image);
  return t && m ? { tool: t.name, version: m[1] } : undefined;
}

/** The newest cached version matching the image's (`3.12` matches `3.12.7`), or undefined. */
export function findToolchain(
  spec: ProjectSpec,
  toolCacheDir: string | undefined,
  arch: string = os.arch(),
  platform: NodeJS.Platform = process.platform
): Toolchain | undefined {
  const want = imageToolVersion(spec);
  const t = TOOLS[spec.language];
  if (!toolCacheDir || !want || !t) return undefined;
  const base = path.join(toolCacheDir, t.name);
  let versions: string[];
  try {
    versions = readdirSync(base);
  } catch {
    return undefined;
  }
  const best = versions
    .filter(
      v =>
        (v === want.version || v.startsWith(`${want.version}.`)) &&
        existsSync(path.join(base, v, `${arch}.complete`))
    )
    .sort(compareVersions)
    .pop();
  if (!best) return undefined;
  const root = path.join(base, best, arch);
  return { tool: t.name, version: best, dirs: t.bins(platform === 'win32').map(b => path.join(root, b)) };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(n => Number.parseInt(n, 10) || 0);
  const pb = b.split(/[.-]/).map(n => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
