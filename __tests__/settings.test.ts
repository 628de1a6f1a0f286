import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readSettings, SettingsError } from '../src/settings.js';

const inputs =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

describe('readSettings', () => {
  it('applies the documented defaults and always protects workflows', async () => {
    const s = await readSettings(inputs({ 'github-token': 't0k' }), {});
    expect(s.mode).toBe('fix');
    expect(s.maxAttempts).toBe(3);
    expect(s.minConfidence).toBe(0.3);
    expect(s.allowForks).toBe(false);
    expect(s.dryRun).toBe(false);
    expect(s.protectedPaths).toEqual(['.github/workflows/**']);
    expect(s.geminiApiKey).toBe('');
    expect(s.runId).toBeUndefined();
  });

  it('install-network: internet by default, none and bridge on request, anything else a clear error', async () => {
    expect((await readSettings(inputs({}), {})).installNetwork).toBe('internet');
    expect((await readSettings(inputs({ 'install-network': 'none' }), {})).installNetwork).toBe('none');
    expect((await readSettings(inputs({ 'install-network': 'bridge' }), {})).installNetwork).toBe('bridge');
    await expect(readSettings(inputs({ 'install-network': 'host' }), {})).rejects.toThrow(
      /Invalid install-network 'host'\. Expected internet .*none, or bridge/
    );
  });

  it('takes the key and base URL from the environment when the input is empty', async () => {
    const s = await readSettings(inputs({}), {
      GEMINI_API_KEY: 'k',
      GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:9'
    });
    expect(s.geminiApiKey).toBe('k');
    expect(s.geminiBaseUrl).toBe('http://127.0.0.1:9');
  });

  it.each([
    ['mode', 'repair', "Invalid mode 'repair'. Expected diagnose, comment or fix."],
    ['run-id', 'abc', "Invalid run-id 'abc'. Expected the numeric id of a workflow run."],
    ['max-attempts', '2.5', "Invalid max-attempts '2.5'. Expected an integer from 0 to 10."],
    ['min-confidence', '3', "Invalid min-confidence '3'. Expected a number from 0 to 1."],
    ['allow-forks', 'maybe', "Invalid allow-forks 'maybe'. Expected true or false."],
    [
      'working-directory',
      '../x',
      "Invalid working-directory '../x'. Expected a relative path inside the repository."
    ]
  ])('rejects %s=%s naming the input and the form expected', async (name, value, message) => {
    const read = readSettings(inputs({ [name]: value }), {});
    await expect(read).rejects.toThrow(SettingsError);
    await expect(readSettings(inputs({ [name]: value }), {})).rejects.toThrow(message);
  });

  it('reads lists and the trusted config file, inputs first', async () => {
    const ws = await mkdtemp(path.join(os.tmpdir(), 'nw-settings-'));
    await mkdir(path.join(ws, '.github'));
    await writeFile(
      path.join(ws, '.github/nightwatch.yml'),
      'exclude-branches: [release/*]\nprotected-paths:\n  - infra/**\ntest-command: pytest -q\nimage: python:3.11\n'
    );
    const s = await readSettings(
      inputs({ 'protected-paths': 'secrets/**, db/migrations/**', image: 'custom:1' }),
      {},
      ws
    );
    expect(s.protectedPaths).toEqual(['.github/workflows/**', 'secrets/**', 'db/migrations/**', 'infra/**']);
    expect(s.excludeBranches).toEqual(['release/*']);
    expect(s.testCommand).toBe('pytest -q');
    expect(s.image).toBe('custom:1');
  });

  it('says which file is broken when the config file is not YAML', async () => {
    const ws = await mkdtemp(path.join(os.tmpdir(), 'nw-settings-'));
    await mkdir(path.join(ws, '.github'));
    await writeFile(path.join(ws, '.github/nightwatch.yml'), 'a: [unclosed\n');
    await expect(readSettings(inputs({}), {}, ws)).rejects.toThrow(/Invalid \.github\/nightwatch\.yml/);
  });
});
