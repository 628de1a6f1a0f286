// Runs before the tests (`npm test`): makes sure the offline test images exist when a Docker daemon
// is reachable. The tests that need Docker fail with a clear message when it is not.
import { spawnSync } from 'node:child_process';

const images = ['nightwatch-test-python:1', 'nightwatch-test-node:1', 'nightwatch-test-go:1'];
if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0) {
  console.warn(
    '[test-setup] No Docker daemon answers `docker info`: the sandbox and end-to-end tests will fail. ' +
      'Start Docker (or run `bash .ci/run`, which installs and starts it).'
  );
  process.exit(0);
}
// The script knows each image's recipe: `--check` fails when one is missing or from an older recipe.
if (spawnSync('bash', ['scripts/build-test-images.sh', '--check'], { stdio: 'ignore' }).status !== 0) {
  console.log(`[test-setup] building the offline test images (${images.join(', ')}) that are missing or out of date`);
  const r = spawnSync('bash', ['scripts/build-test-images.sh'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[test-setup] building the test images failed (see above); scripts/build-test-images.sh needs root and debootstrap.');
    process.exit(r.status ?? 1);
  }
}
