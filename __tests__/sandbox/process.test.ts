import { runProcess, TIMEOUT_EXIT_CODE } from '../../src/sandbox/process.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

describe('runProcess', () => {
  it('keeps stdout and stderr apart and together, in order', async () => {
    const r = await runProcess(
      '/bin/sh',
      ['-c', 'echo one; sleep 0.05; echo two >&2; sleep 0.05; echo three; exit 3'],
      { env }
    );
    expect(r).toMatchObject({ exitCode: 3, stdout: 'one\nthree\n', stderr: 'two\n', timedOut: false });
    expect(r.output).toBe('one\ntwo\nthree\n');
  });

  it('passes only the environment it is given', async () => {
    process.env.NW_PROCESS_TEST = 'leak';
    try {
      const r = await runProcess('/bin/sh', ['-c', 'echo "[$NW_PROCESS_TEST]"'], { env });
      expect(r.stdout).toBe('[]\n');
    } finally {
      delete process.env.NW_PROCESS_TEST;
    }
  });

  it('gives 127 for a program that does not exist', async () => {
    const r = await runProcess('/nonexistent/tool', [], { env });
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toMatch(/\/nonexistent\/tool: .*ENOENT/);
  });

  it('bounds the output, keeping its head and its tail', async () => {
    const r = await runProcess(
      '/bin/sh',
      ['-c', 'echo FIRST; head -c 3000000 /dev/zero | tr "\\0" x; echo; echo LAST'],
      {
        env,
        maxOutputBytes: 64 * 1024
      }
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout.length).toBeLessThan(70 * 1024);
    expect(r.stdout.startsWith('FIRST\n')).toBe(true);
    expect(r.stdout.endsWith('LAST\n')).toBe(true);
    expect(r.stdout).toMatch(/\[\.\.\. \d+ bytes of output dropped \.\.\.\]/);
  });

  it('kills at the time limit, calling the hook first', async () => {
    let hooked = false;
    const r = await runProcess('/bin/sh', ['-c', 'echo up; sleep 30'], {
      env,
      timeoutMs: 300,
      processGroup: true,
      onTimeout: () => {
        hooked = true;
        return Promise.resolve();
      }
    });
    expect(hooked).toBe(true);
    expect(r).toMatchObject({ timedOut: true, exitCode: TIMEOUT_EXIT_CODE, stdout: 'up\n' });
  });

  it('does not wait for a background child that keeps the pipes open', async () => {
    const t0 = Date.now();
    const r = await runProcess('/bin/sh', ['-c', '(sleep 30 &) ; echo done'], { env, processGroup: true });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('done\n');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
