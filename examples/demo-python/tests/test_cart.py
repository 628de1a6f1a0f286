from decimal import Decimal

import pytest

from invoice.cart import Cart


def test_add_and_count_items():
    cart = Cart("DE")
    cart.add("BOOK-1", "12.50", quantity=2)
    cart.add("PEN-3", "1.20")
    assert cart.item_count() == 3


def test_quantity_must_be_positive():
    with pytest.raises(ValueError, match="quantity"):
        Cart("DE").add("BOOK-1", "12.50", quantity=0)


def test_subtotal_sums_line_items():
    cart = Cart("DE")
    cart.add("BOOK-1", "12.50", quantity=2)
    cart.add("PEN-3", "1.20")
    assert cart.subtotal() == Decimal("26.20")


def test_total_includes_tax():
    cart = Cart("FR")
    cart.add("LAMP-7", "40.00")
    assert cart.tax() == Decimal("8.00")
    assert cart.total() == Decimal("48.00")
