"""Money helpers: amounts are Decimals rounded half-up to the cent."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_money(amount: Decimal) -> Decimal:
    """Round to the cent, half up (what customers expect, unlike banker's rounding)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str = "EUR") -> str:
    return f"{round_money(amount):,.2f} {currency}"
