/** Money is kept in integer cents so sums never drift. */
export type Cents = number;

/** Parses `"12.50"` into 1250 cents; rejects anything that is not a plain amount. */
export function toCents(amount: string): Cents {
  if (!/^\d+(\.\d{1,2})?$/.test(amount)) {
    throw new Error(`not an amount: ${amount}`);
  }
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Formats 123456 cents as `1,234.56`. */
export function formatCents(cents: Cents): string {
  const whole = Math.trunc(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (cents % 100).toString().padStart(2, '0');
  return `${whole}.${fraction}`;
}
