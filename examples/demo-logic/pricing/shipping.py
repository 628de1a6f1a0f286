"""Flat-rate shipping, free from 50.00 after discount."""

from decimal import Decimal

FREE_SHIPPING_FROM = Decimal("50.00")
FLAT_RATE = Decimal("4.90")


def shipping_for(amount_after_discount: Decimal) -> Decimal:
    if amount_after_discount >= FREE_SHIPPING_FROM:
        return Decimal("0.00")
    return FLAT_RATE
