"""Formula quoting of CSV text cells (OWASP "CSV injection"): what gets a leading quote, what
never does (numbers, ordinary text, Dutch names such as 't Harde), and that reading undoes it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veekompas.csv_cells import quote_cell, unquote_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+31 318 000", "'+31 318 000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # text with quotes before a formula character keeps its quotes
        ("'t Harde", "'t Harde"),  # a leading quote before anything else is plain text
        ("Boer = baas", "Boer = baas"),
        ("", ""),
        (-3, -3),  # a number is a number, never text
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_text_that_a_spreadsheet_would_calculate_gets_a_leading_quote(value, written):
    assert quote_cell(value) == written
    assert unquote_cell(written) == value


def test_numeric_text_may_stay_a_number():
    assert quote_cell("-3", numeric_text=True) == "-3"
    assert quote_cell("-1.5e3", numeric_text=True) == "-1.5e3"
    assert quote_cell("-3", numeric_text=False) == "'-3"
    assert quote_cell("-inf", numeric_text=True) == "'-inf"
    assert quote_cell("-1+1", numeric_text=True) == "'-1+1"


@given(st.text(st.sampled_from("'=+-@\t\rab 1")))
def test_reading_undoes_writing_and_nothing_written_starts_like_a_formula(value):
    written = quote_cell(value)
    assert unquote_cell(written) == value
    assert not written or written[0] not in "=+-@\t\r"
