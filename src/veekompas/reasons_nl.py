"""Dutch wording of the validation reasons that pages show (import report, edit form).

The store and the API keep their reasons in English (pydantic's messages and the exchange's
own); pages translate them here. A reason without a rule stays as it is, so nothing is lost;
the tests hold every reason a bad registry row can produce to a Dutch rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from veekompas.format_nl import number

# Known patterns of the registry's fields, described instead of shown as a regular expression.
PATTERNS = {
    r"^\d{8}$": "moet precies 8 cijfers zijn",
    r"^\d{1,10}$": "moet 1 tot 10 cijfers zijn",
}


def _figure(text: str) -> str:
    """``'289000'`` -> ``'289.000'``, ``'0.5'`` -> ``'0,5'`` (other text unchanged)."""
    try:
        value = float(text)
    except ValueError:
        return text
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number(value, decimals)


def _choices(text: str) -> str:
    """``"'a', 'b' or 'c'"`` -> ``'a, b of c'``."""
    return text.replace("'", "").replace(" or ", " of ")


def _pattern(match: re.Match[str]) -> str:
    pattern = match.group(1)
    return PATTERNS.get(pattern, f"heeft niet de vereiste vorm ({pattern})")


def _plural(n: str, one: str, many: str) -> str:
    return f"{_figure(n)} {one if n == '1' else many}"


Rule = tuple[str, Callable[[re.Match[str]], str]]
RULES: list[Rule] = [
    (r"Field required|is required", lambda m: "is verplicht"),
    (r"is not a known field|Extra inputs are not permitted", lambda m: "is geen bekend veld"),
    (
        r"Input should be greater than or equal to (\S+)",
        lambda m: f"moet ten minste {_figure(m[1])} zijn",
    ),
    (
        r"Input should be less than or equal to (\S+)",
        lambda m: f"mag ten hoogste {_figure(m[1])} zijn",
    ),
    (r"Input should be greater than (\S+)", lambda m: f"moet groter zijn dan {_figure(m[1])}"),
    (r"Input should be less than (\S+)", lambda m: f"moet kleiner zijn dan {_figure(m[1])}"),
    (r"Input should be a valid integer.*", lambda m: "moet een geheel getal zijn"),
    (r"Input should be a finite number", lambda m: "moet een eindig getal zijn"),
    (r"Input should be a valid number.*", lambda m: "moet een getal zijn"),
    (r"Input should be a valid date.*", lambda m: "moet een datum zijn (JJJJ-MM-DD)"),
    (r"Input should be a valid boolean.*", lambda m: "moet waar of onwaar zijn (true/false, 1/0)"),
    (r"Input should be a valid string", lambda m: "moet tekst zijn"),
    (r"Input should be ('.+')", lambda m: f"kies uit {_choices(m[1])}"),
    (r"String should match pattern '(.+)'", _pattern),
    (
        r"String should have at most (\d+) characters?",
        lambda m: f"mag ten hoogste {_plural(m[1], 'teken', 'tekens')} hebben",
    ),
    (
        r"String should have at least (\d+) characters?",
        lambda m: f"moet ten minste {_plural(m[1], 'teken', 'tekens')} hebben",
    ),
    (r"Value error, (.+)", lambda m: dutch_reason(m[1])),
    (r"missing column\(s\): (.+)", lambda m: f"ontbrekende kolom(men): {m[1]}"),
    (r"unknown record type; allowed: (.+)", lambda m: f"onbekende soort rij; toegestaan: {m[1]}"),
    (r"second farm for this UBN", lambda m: "tweede bedrijf met dit UBN in het bestand"),
    (r"rows for a UBN without a farm row", lambda m: "rijen voor een UBN zonder rij 'farm'"),
    (
        r"role (\w+) may only import farms in (.+)",
        lambda m: f"rol {m[1]} mag alleen bedrijven in {_reach(m[2])} importeren",
    ),
    (r"valid_to lies before valid_from", lambda m: "de einddatum ligt voor de begindatum"),
    (
        r"more than (\d+) records .*\(setting (\w+)\).*",
        lambda m: (
            f"het bestand heeft meer dan {_figure(m[1])} rijen (bedrijven, stallen, dieren en "
            f"gewassen); er worden er hoogstens {_figure(m[1])} tegelijk geïmporteerd "
            f"(instelling {m[2]}). Splits het bestand op, bijvoorbeeld per gemeente."
        ),
    ),
    (
        r"the workbook unpacks to (.+), more than the (.+) an import may unpack "
        r"\(setting (\w+)\).*",
        lambda m: (
            f"het werkboek is uitgepakt {_mb(m[1])}, meer dan de {_mb(m[2])} die een import mag "
            f"uitpakken (instelling {m[3]}). Splits het bestand op, bijvoorbeeld per gemeente."
        ),
    ),
    (
        r"reading the GeoPackage took more than (\S+) s \(setting (\w+)\)",
        lambda m: f"het lezen van de GeoPackage duurde langer dan {m[1]} s (instelling {m[2]})",
    ),
    (
        r"unknown Rav code '(.+)' in (\S+); did you mean: (.+)\? \(.*\)",
        lambda m: f"onbekende Rav-code '{m[1]}' in {m[2]}; bedoelt u {_choices(m[3])}?",
    ),
    (
        r"unknown Rav code '(.+)' in (\S+) \((\d+) codes: .*\)",
        lambda m: f"onbekende Rav-code '{m[1]}' in {m[2]} ({m[3]} codes; zie de normtabel)",
    ),
    (
        r"'(.+)' is a group heading in (\S+) without a factor of its own; choose one of (.+)",
        lambda m: f"'{m[1]}' is een groepskop in {m[2]} zonder eigen factor; kies uit {m[3]}",
    ),
    (
        r"'(.+)' is a Bijlage 2 measure, not a housing system; give it as a measure",
        lambda m: f"'{m[1]}' is een maatregel uit Bijlage 2, geen huisvestingssysteem",
    ),
]
COMPILED = [(re.compile(pattern + r"\Z", re.S), wording) for pattern, wording in RULES]


def _mb(size: str) -> str:
    return size.replace(".", ",")


def _reach(where: str) -> str:
    return "het eigen bereik" if where == "its own reach" else where


def dutch_reason(reason: str) -> str:
    """The Dutch wording of an English validation reason; an unknown reason is returned as is."""
    text = reason.strip()
    for pattern, wording in COMPILED:
        match = pattern.match(text)
        if match:
            return wording(match)
    return reason
