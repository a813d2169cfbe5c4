"""Half-up rounding as printed tables do it (0.05 -> 0.1), for Python and numpy floats."""

from __future__ import annotations

import numpy as np

from veekompas.calc.rounding import round_half_up


def test_halves_go_up_and_negative_digits_round_tens():
    assert round_half_up(2.25, 1) == 2.3  # Python's round() gives 2.2 (banker's rounding)
    assert round_half_up(-2.25, 1) == -2.3
    assert round_half_up(242_015, -1) == 242_020


def test_numpy_floats_round_like_python_floats():
    """numpy 2 writes repr(np.float64(x)) as 'np.float64(x)'; the rounding must not depend on it."""
    assert round_half_up(np.float64(18.85), 1) == round_half_up(18.85, 1) == 18.9
