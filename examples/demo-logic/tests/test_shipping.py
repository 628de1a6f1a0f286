from decimal import Decimal

from pricing.shipping import shipping_for


def test_flat_rate_below_free_shipping():
    assert shipping_for(Decimal("49.99")) == Decimal("4.90")


def test_free_shipping_from_threshold():
    assert shipping_for(Decimal("50.00")) == Decimal("0.00")
