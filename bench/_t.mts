import { createDockerSandbox } from '../src/sandbox/index.js';
import { heal } from '../src/heal.js';
import { detectProject } from '../src/sandbox/detect.js';
const t0 = performance.now();
const T = () => (performance.now() - t0).toFixed(0).padStart(5);
const log = (m: string) => console.log(T(), m.slice(0, 90));
const sb = await createDockerSandbox({ log } as any);
const spec = await detectProject('/tmp/dp', { image: 'nightwatch-test-python:1' });
const proxy = { kind: sb.kind, run: async (o: any) => { log('run>'); const r = await sb.run(o); log('run<'); return r; } } as any;
for (let i = 0; i < 2; i++) {
  await heal({ workdir: '/tmp/dp', sandbox: proxy, spec, maxAttempts: 0, minConfidence: 0.3, protectedPaths: [], secrets: [], log });
  log('done');
  const { execSync } = await import('node:child_process'); execSync('git -C /tmp/dp checkout -q .');
}
