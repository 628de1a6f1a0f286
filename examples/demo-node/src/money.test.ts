import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCents, toCents } from './money.js';

test('toCents parses plain amounts', () => {
  assert.equal(toCents('12.5'), 1250);
  assert.equal(toCents('0.07'), 7);
  assert.equal(toCents('3'), 300);
});

test('toCents rejects junk', () => {
  assert.throws(() => toCents('1,50'), /not an amount/);
});

test('formatCents groups thousands', () => {
  assert.equal(formatCents(123456), '1,234.56');
  assert.equal(formatCents(5), '0.05');
});
