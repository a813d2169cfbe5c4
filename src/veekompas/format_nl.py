"""Dutch number formats (1.234,5) for texts, tables and pages."""

from __future__ import annotations

from veekompas.calc.rounding import round_half_up


def number(value: float | None, decimals: int = 1, empty: str = "–") -> str:
    """``1234.5`` -> ``'1.234,5'`` (half-up rounding); None -> ``empty``."""
    if value is None:
        return empty
    rounded = round_half_up(value, decimals)
    text = f"{rounded:,.{max(decimals, 0)}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def euro(value: float | None, round_to: int = 10) -> str:
    """Euro amount rounded to ``round_to`` euro, e.g. ``'€ 242.020'``."""
    if value is None:
        return "–"
    digits = -len(str(round_to)) + 1 if round_to > 1 else 0
    return "€ " + number(round_half_up(value, digits), 0)


def signed(value: float | None, decimals: int = 1) -> str:
    """Like :func:`number` with an explicit sign: ``'+100,5'``, ``'-2,0'``."""
    if value is None:
        return "–"
    text = number(value, decimals)
    return text if text.startswith("-") else "+" + text


def count(n: int, singular: str, plural: str) -> str:
    """A count with its noun: ``count(1, 'bedrijf', 'bedrijven')`` -> ``'1 bedrijf'``,
    ``count(1234, ...)`` -> ``'1.234 bedrijven'``."""
    return f"{number(n, 0)} {singular if n == 1 else plural}"
