"""VAT rates by country and the tax owed on an amount."""

from decimal import Decimal

from invoice.money import round_money

TAX_RATES = {
    "DE": Decimal("0.19"),
    "FR": Decimal("0.20"),
    "NL": Decimal("0.21"),
    "LU": Decimal("0.17"),
}


def tax_for(amount: Decimal, country: str) -> Decimal:
    """Tax owed on `amount` in `country`; unknown countries are an error, not zero tax."""
    try:
        rate = TAX_RATES[country.upper()]
    except KeyError:
        raise ValueError(f"no VAT rate for country {country!r}") from None
    return round_money(amount * rate)
