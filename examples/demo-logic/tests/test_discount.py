from decimal import Decimal

import pytest

from pricing.discount import discount_for, price_after_discount


def test_no_discount_below_threshold():
    assert discount_for(Decimal("99.99")) == Decimal("0.00")


def test_discount_above_threshold():
    assert discount_for(Decimal("250.00")) == Decimal("25.00")


def test_discount_applies_at_exactly_the_threshold():
    # The pricing page promises 10% off "from 100.00": an order of exactly 100.00 qualifies.
    assert discount_for(Decimal("100.00")) == Decimal("10.00")


def test_price_after_discount():
    assert price_after_discount(Decimal("120.00")) == Decimal("108.00")


def test_negative_subtotal_is_rejected():
    with pytest.raises(ValueError):
        discount_for(Decimal("-1"))
