"""A shopping cart of line items, with subtotal, tax and total."""

from dataclasses import dataclass, field
from decimal import Decimal

from invoice.money import round_money
from invoice.tax import tax_for


@dataclass(frozen=True)
class LineItem:
    sku: str
    unit_price: Decimal
    quantity: int = 1

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError(f"quantity must be at least 1, got {self.quantity}")
        if self.unit_price < 0:
            raise ValueError("unit price cannot be negative")

    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass
class Cart:
    country: str
    items: list[LineItem] = field(default_factory=list)

    def add(self, sku: str, unit_price: str | Decimal, quantity: int = 1) -> LineItem:
        item = LineItem(sku, Decimal(unit_price), quantity)
        self.items.append(item)
        return item

    def item_count(self) -> int:
        return sum(item.quantity for item in self.items)

    def subtotal(self) -> Decimal:
        total = Decimal("0")
        for item in self.items:
            total += item.amount()
        return round_money(totl)

    def tax(self) -> Decimal:
        return tax_for(self.subtotal(), self.country)

    def total(self) -> Decimal:
        return self.subtotal() + self.tax()
