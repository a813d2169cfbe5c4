"""Text cells of the CSV files veekompas writes, safe to open in a spreadsheet (OWASP "CSV
injection"): a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be taken for a formula by Excel or LibreOffice, so it gets a leading single quote, which the
spreadsheet shows as text. Numbers are written as numbers and never quoted (``-3`` is a number).

The registry CSV is read back by veekompas itself, so the quoting is undone on reading:
:func:`unquote_cell` strips the one quote that :func:`quote_cell` added. To keep that exact for
text that already starts with quotes before such a character (``'=x``), such text gets one more
quote too; text with a leading quote before anything else (``'t Harde``) is never changed.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = "=+-@\t\r"
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def quote_cell(value: Any, *, numeric_text: bool = False) -> Any:
    """``value`` as a spreadsheet shows it: text that a spreadsheet would take for a formula gets
    a leading ``'``; numbers, None and other text are returned unchanged. With
    ``numeric_text=True`` text that reads as a number (an id ``-3``) is a number and not quoted."""
    if not isinstance(value, str) or not _NEEDS_QUOTE.match(value):
        return value
    if numeric_text and _is_number(value):
        return value
    return "'" + value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower().lstrip("+-") not in ("inf", "infinity", "nan")


def unquote_cell(value: Any) -> Any:
    """The inverse of :func:`quote_cell` for text read from a CSV file."""
    if isinstance(value, str) and _QUOTED.match(value):
        return value[1:]
    return value
