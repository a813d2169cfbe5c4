"""Dutch wording of validation reasons: every reason a bad registry CSV row produces has a rule
(the import page shows it), figures in Dutch format, unknown reasons kept as they are."""

from __future__ import annotations

import csv
import io

import pytest

from veekompas.demo.region import build_demo_region
from veekompas.reasons_nl import dutch_reason
from veekompas.store import exchange
from veekompas.store.exchange.limits import too_many_records

ENGLISH = ("Input", "should", "required", "String", "unknown", "farm row", "allowed", "missing")


def bad_registry_csv() -> bytes:
    """One demo farm's rows, then rows with one bad value of each kind."""
    farm = build_demo_region()[0]
    rows = list(csv.reader(io.StringIO(exchange.dump([farm], "csv").decode())))
    header, farm_row = rows[0], dict(zip(rows[0], rows[1], strict=True))

    def farm_with(ubn: str, **values: str) -> list[str]:
        return [{**farm_row, "ubn": ubn, **values}[h] for h in header]

    def part(record: str, ubn: str, **values: str) -> list[str]:
        return [{"record": record, "ubn": ubn, **values}.get(h, "") for h in header]

    bad = [
        farm_with("1", kvk="12"),
        farm_with("2", sector="geiten"),
        farm_with("3", intent="misschien"),
        farm_with("4", x_rd="abc"),
        farm_with("5", y_rd="100"),
        farm_with("6", farmer_birth_year="1800"),
        farm_with("7", name=""),
        farm_with("8", permitted_nh3_kg_per_year="-1"),
        farm_with("abc"),
        farm_with("9", successor="x"),
        farm_with("10", buyout_scheme="x" * 90),
        farm_with("11", planned_stop_year="1.5"),
        farm_with("12"),
        farm_with("12"),
        part("housing", "12", stalsysteem_code="A1.100", animal_category="A1", dierplaatsen="-3"),
        part("animal", "12", category="A1", count="x", counted_on="2024-13-01"),
        part("crop", "12", crop="mais", ha="-1", own_fodder="misschien"),
        part("stal", "13"),
        part("housing", "99", stalsysteem_code="A1.100", animal_category="A1", dierplaatsen="3"),
    ]
    out = io.StringIO()
    csv.writer(out).writerows([header, *bad])
    return out.getvalue().encode()


def test_every_reason_of_a_bad_registry_file_reads_in_dutch():
    problems = exchange.parse(bad_registry_csv(), "csv").problems
    assert len(problems) >= 19
    for p in problems:
        dutch = dutch_reason(p.reason)
        assert not any(word in dutch for word in ENGLISH), f"{p.field}: {p.reason} -> {dutch}"


@pytest.mark.parametrize(
    ("english", "dutch"),
    [
        ("Input should be greater than or equal to 289000", "moet ten minste 289.000 zijn"),
        ("Input should be less than or equal to 0.5", "mag ten hoogste 0,5 zijn"),
        (
            "Input should be 'stopper', 'blijver' or 'onbekend'",
            "kies uit stopper, blijver of onbekend",
        ),
        ("String should match pattern '^\\d{8}$'", "moet precies 8 cijfers zijn"),
        ("String should have at most 80 characters", "mag ten hoogste 80 tekens hebben"),
        ("String should have at least 1 character", "moet ten minste 1 teken hebben"),
        ("Field required", "is verplicht"),
        ("Value error, valid_to lies before valid_from", "de einddatum ligt voor de begindatum"),
        (
            "role gemeente may only import farms in Ede",
            "rol gemeente mag alleen bedrijven in Ede importeren",
        ),
        (
            str(too_many_records(100_000)).removeprefix("FILE: "),
            "het bestand heeft meer dan 100.000 rijen (bedrijven, stallen, dieren en gewassen); er "
            "worden er hoogstens 100.000 tegelijk geïmporteerd (instelling "
            "VEEKOMPAS_IMPORT_MAX_RECORDS). Splits het bestand op, bijvoorbeeld per gemeente.",
        ),
        (
            "the workbook unpacks to 300.5 MB, more than the 256.0 MB an import may unpack "
            "(setting VEEKOMPAS_IMPORT_MAX_UNPACKED_BYTES): split the file, e.g. per gemeente",
            "het werkboek is uitgepakt 300,5 MB, meer dan de 256,0 MB die een import mag uitpakken "
            "(instelling VEEKOMPAS_IMPORT_MAX_UNPACKED_BYTES). Splits het bestand op, bijvoorbeeld "
            "per gemeente.",
        ),
        ("something new", "something new"),
    ],
)
def test_wording(english, dutch):
    assert dutch_reason(english) == dutch


# --- one voice: the CLI's and the API's errors --------------------------------------------------


def test_an_error_keeps_its_field_path_and_gets_dutch_words():
    from veekompas.errors import InputError
    from veekompas.reasons_nl import dutch_error, dutch_problem

    error = InputError("housings.0.dierplaatsen", "Input should be greater than or equal to 0")
    assert dutch_error(error) == "housings.0.dierplaatsen: moet ten minste 0 zijn"
    more = InputError("situations", "is required (and 2 more problems)")
    assert dutch_error(more) == "situations: is verplicht (en nog 2 problemen)"
    one = InputError("x", "is required (and 1 more problem)")
    assert dutch_error(one) == "x: is verplicht (en nog 1 probleem)"
    line = dutch_problem("bedrijven row", 3, "intent", "misschien", "Input should be 'a' or 'b'")
    assert line == "bedrijven rij 3, intent = 'misschien': kies uit a of b"


@pytest.mark.parametrize(
    ("reason", "dutch"),
    [
        ("nope.yaml does not exist", "nope.yaml bestaat niet"),
        ("no farm with UBN '123'", "geen bedrijf met UBN '123'"),
        ("no user 'jan'", "geen gebruiker 'jan'"),
        ("give one UBN or --all (not both)", "geef één UBN of --all (niet beide)"),
        ("'x' is not a date; use YYYY-MM-DD", "'x' is geen datum; gebruik JJJJ-MM-DD"),
        (
            "unknown policy profile 'x' Allowed: a, b",
            "onbekend beleidsprofiel 'x'; toegestaan: a, b",
        ),
        (
            "unknown sector 'geit'; did you mean: geiten? Allowed: geiten, varkens",
            "onbekende sector 'geit'; bedoelt u geiten? Toegestaan: geiten, varkens",
        ),
        (
            "0 is out of range; allowed 1 to 3650",
            "0 valt buiten het bereik; toegestaan 1 tot en met 3.650",
        ),
        ("1e+16 is out of range", "1e+16 valt buiten het bereik"),
    ],
)
def test_the_clis_common_mistakes_have_dutch_words(reason, dutch):
    assert dutch_reason(reason) == dutch


def test_a_figure_the_rules_cannot_format_keeps_the_reason_readable():
    text = dutch_reason("1.0000000000000002e+16 is out of range; allowed 0 to 10000")
    assert text.startswith("1,0000000000000002e+16 valt buiten het bereik")
