"""Dutch number formats (thousands '.', decimal ',', half-up) and counts with their noun."""

from __future__ import annotations

import pytest

from veekompas.format_nl import count, euro, number, signed


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234.5, 1, "1.234,5"),
        (1234.25, 1, "1.234,3"),
        (0.005, 2, "0,01"),
        (1_000_000, 0, "1.000.000"),
    ],
)
def test_number(value, decimals, text):
    assert number(value, decimals) == text


def test_euro_signed_and_empty():
    assert euro(242_017) == "€ 242.020"
    assert signed(100.5) == "+100,5" and signed(-2) == "-2,0"
    assert number(None) == "–"


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0 bedrijven"), (1, "1 bedrijf"), (2, "2 bedrijven"), (1234, "1.234 bedrijven")],
)
def test_count(n, text):
    assert count(n, "bedrijf", "bedrijven") == text
