import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cart } from './cart.js';
import { FLAT_RATE, orderTotal, shippingFor } from './shipping.js';

test('a cart counts and sums its items', () => {
  const cart = new Cart();
  cart.add('BOOK-1', '12.50', 2);
  cart.add('PEN-3', '1.20');
  assert.equal(cart.itemCount(), 3);
  assert.equal(cart.subtotalCents(), 2620);
});

test('small orders pay the flat rate', () => {
  const cart = new Cart();
  cart.add('PEN-3', '1.20');
  assert.equal(shippingFor(cart), FLAT_RATE);
  assert.equal(orderTotal(cart), 120 + FLAT_RATE);
});

test('orders from 50.00 ship free', () => {
  const cart = new Cart();
  cart.add('LAMP-7', '50.00');
  assert.equal(shippingFor(cart), 0);
});

test('quantity must be a positive integer', () => {
  assert.throws(() => new Cart().add('BOOK-1', '12.50', 0), /positive integer/);
});
