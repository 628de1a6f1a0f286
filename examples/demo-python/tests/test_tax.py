from decimal import Decimal

import pytest

from invoice.money import format_money, round_money
from invoice.tax import tax_for


def test_tax_for_known_country():
    assert tax_for(Decimal("100.00"), "DE") == Decimal("19.00")


def test_tax_is_rounded_half_up():
    # 0.05 * 0.21 = 0.0105 -> 0.01
    assert tax_for(Decimal("0.05"), "nl") == Decimal("0.01")


def test_unknown_country_is_an_error():
    with pytest.raises(ValueError, match="no VAT rate"):
        tax_for(Decimal("10"), "XX")


def test_round_and_format_money():
    assert round_money(Decimal("2.675")) == Decimal("2.68")
    assert format_money(Decimal("1234.5")) == "1,234.50 EUR"
