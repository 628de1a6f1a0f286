"""Carts, tax and invoice totals."""

from invoice.cart import Cart, LineItem
from invoice.money import format_money, round_money
from invoice.tax import TAX_RATES, tax_for

__all__ = ["Cart", "LineItem", "TAX_RATES", "format_money", "round_money", "tax_for"]
