"""Order discounts and shipping."""

from pricing.discount import DISCOUNT_RATE, DISCOUNT_THRESHOLD, discount_for, price_after_discount
from pricing.shipping import FREE_SHIPPING_FROM, shipping_for

__all__ = [
    "DISCOUNT_RATE",
    "DISCOUNT_THRESHOLD",
    "FREE_SHIPPING_FROM",
    "discount_for",
    "price_after_discount",
    "shipping_for",
]
