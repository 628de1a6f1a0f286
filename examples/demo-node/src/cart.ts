import { type Cents, toCents } from './money.js';

/** One line of a cart. */
export interface LineItem {
  sku: string;
  unitPrice: Cents;
  quantity: number;
}

export class Cart {
  private readonly items: LineItem[] = [];

  add(sku: string, unitPrice: string, quantity = 1): LineItem {
    if (!Number.isInteger(quantity) || quantity < 1) {
      throw new Error(`quantity must be a positive integer, got ${quantity}`);
    }
    const item = { sku, unitPrice: toCents(unitPrice), quantity };
    this.items.push(item);
    return item;
  }

  itemCount(): number {
    return this.items.reduce((n, item) => n + item.quantity, 0);
  }

  subtotalCents(): Cents {
    return this.items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);
  }
}
