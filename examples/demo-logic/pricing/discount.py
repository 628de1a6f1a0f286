"""Volume discount: orders of 100.00 or more get 10% off (see the pricing page)."""

from decimal import ROUND_HALF_UP, Decimal

DISCOUNT_THRESHOLD = Decimal("100.00")
DISCOUNT_RATE = Decimal("0.10")


def discount_for(subtotal: Decimal) -> Decimal:
    """The discount on an order subtotal: 10% from 100.00 upwards, rounded to the cent."""
    if subtotal < 0:
        raise ValueError("subtotal cannot be negative")
    if subtotal > DISCOUNT_THRESHOLD:
        return (subtotal * DISCOUNT_RATE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Decimal("0.00")


def price_after_discount(subtotal: Decimal) -> Decimal:
    return subtotal - discount_for(subtotal)
