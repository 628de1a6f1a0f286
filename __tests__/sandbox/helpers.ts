/** Shared by the sandbox tests: the test images, temp folders, leftover checks. */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';

const run = promisify(execFile);

export const PY_IMAGE = 'nightwatch-test-python:1';
export const NODE_IMAGE = 'nightwatch-test-node:1';
export const EXAMPLES = path.resolve('examples');

/** Output of `docker args`; throws on a non-zero exit. */
export async function docker(...args: string[]): Promise<string> {
  return (await run('docker', args, { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

/**
 * Whether the daemon answers and the test images exist. The lead's `.ci/run` builds them (with
 * scripts/build-test-images.sh) before the tests; without them the Docker tests skip and say why.
 */
export async function dockerImagesReady(): Promise<boolean> {
  try {
    await docker('image', 'inspect', PY_IMAGE, NODE_IMAGE);
    return true;
  } catch {
    console.warn(
      `Skipping the Docker sandbox tests: no Docker daemon or no test images (${PY_IMAGE}, ${NODE_IMAGE}). ` +
        'Build them with: sudo scripts/build-test-images.sh'
    );
    return false;
  }
}

/** A temp folder, removed by `cleanup`. */
export class TempDirs {
  private dirs: string[] = [];

  async make(prefix = 'nw-sbx-test-'): Promise<string> {
    const d = await mkdtemp(path.join(os.tmpdir(), prefix));
    this.dirs.push(d);
    return d;
  }

  /** A copy of an example project, so a test can break or fix it. */
  async copyExample(name: string): Promise<string> {
    const d = path.join(await this.make(), name);
    await cp(path.join(EXAMPLES, name), d, { recursive: true });
    return d;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.dirs.map(d => rm(d, { recursive: true, force: true })));
    this.dirs = [];
  }
}

/** Sandbox containers (by label) whose mount lies under `root`: must be none after a run. */
export async function containersUnder(root: string): Promise<string[]> {
  const ids = (await docker('ps', '-aq', '--filter', 'label=nightwatch.sandbox')).split('\n').filter(Boolean);
  const left: string[] = [];
  for (const id of ids) {
    try {
      const sources = await docker('inspect', '--format', '{{range .Mounts}}{{.Source}} {{end}}', id);
      if (sources.split(' ').some(s => s.startsWith(root))) left.push(id);
    } catch {
      // removed meanwhile
    }
  }
  return left;
}

/** Entries of a folder (none when it does not exist). */
export async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/**
 * A python project whose requirements.txt names a local wheel (pip installs it with no index, and
 * none is reachable in the tests) and whose test checks it runs inside the sandbox's venv.
 */
export async function writeWheelProject(dir: string): Promise<void> {
  const wheel = new AdmZip();
  wheel.addFile('centsy/__init__.py', Buffer.from('def fmt(n):\n    return f"{n / 100:.2f}"\n'));
  wheel.addFile(
    'centsy-1.0.dist-info/METADATA',
    Buffer.from('Metadata-Version: 2.1\nName: centsy\nVersion: 1.0\n')
  );
  wheel.addFile(
    'centsy-1.0.dist-info/WHEEL',
    Buffer.from('Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n')
  );
  wheel.addFile('centsy-1.0.dist-info/RECORD', Buffer.from(''));
  await mkdir(path.join(dir, 'vendor'), { recursive: true });
  wheel.writeZip(path.join(dir, 'vendor', 'centsy-1.0-py3-none-any.whl'));
  await writeFile(path.join(dir, 'requirements.txt'), './vendor/centsy-1.0-py3-none-any.whl\n');
  await writeFile(
    path.join(dir, 'test_fmt.py'),
    'import sys\nimport centsy\n\n\ndef test_fmt():\n' +
      '    assert sys.prefix.endswith(".nightwatch-sandbox/venv")\n' +
      '    assert centsy.fmt(1234) == "12.34"\n'
  );
}

/** A service image built offline from the test image: an HTTP server on 8080 and a health script. */
export const SERVICE_IMAGE = 'nightwatch-test-service:1';

export async function buildServiceImage(dir: string): Promise<void> {
  await writeFile(
    path.join(dir, 'Dockerfile'),
    `FROM ${PY_IMAGE}\n` +
      `RUN printf 'import urllib.request\\nurllib.request.urlopen("http://localhost:8080/", timeout=2)\\n' > /healthcheck.py\n` +
      `CMD ["python3", "-m", "http.server", "8080", "--directory", "/tmp"]\n`
  );
  await docker('build', '-q', '-t', SERVICE_IMAGE, dir);
}
