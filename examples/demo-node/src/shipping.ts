import type { Cart } from './cart.js';
import type { Cents } from './money.js';

export const FLAT_RATE: Cents = 490;
export const FREE_SHIPPING_FROM: Cents = 5000;

/** Flat-rate shipping, free from 50.00; an empty cart ships nothing. */
export function shippingFor(cart: Cart): Cents {
  if (cart.itemCount() === 0) return 0;
  return cart.subtotalCent() >= FREE_SHIPPING_FROM ? 0 : FLAT_RATE;
}

/** What the customer pays. */
export function orderTotal(cart: Cart): Cents {
  return cart.subtotalCents() + shippingFor(cart);
}
