/** The backfill inputs as the action reads them (settings.ts): days 1..90, a bound, never with a command. */
import { readSettings } from '../../src/settings.js';

const inputs =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

describe('backfill settings', () => {
  it('no backfill unless asked; days and the bound when given; the bound 500 by default', async () => {
    expect((await readSettings(inputs({}), {})).backfillDays).toBeUndefined();
    const s = await readSettings(inputs({ backfill: '14' }), {});
    expect({ days: s.backfillDays, calls: s.backfillMaxCalls }).toEqual({ days: 14, calls: 500 });
    expect(
      (await readSettings(inputs({ backfill: '1', 'backfill-max-calls': '20' }), {})).backfillMaxCalls
    ).toBe(20);
  });

  it('refuses days out of range, a bad bound, and a backfill given with a steering command', async () => {
    await expect(readSettings(inputs({ backfill: '91' }), {})).rejects.toThrow(
      /Invalid backfill '91'\. Expected an integer from 1 to 90/
    );
    await expect(readSettings(inputs({ backfill: '7', 'backfill-max-calls': '0' }), {})).rejects.toThrow(
      /Invalid backfill-max-calls '0'/
    );
    await expect(readSettings(inputs({ backfill: '7', command: 'breaker-reset' }), {})).rejects.toThrow(
      /Give backfill or command, not both/
    );
  });
});
