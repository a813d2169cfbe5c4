"""The one place where error messages get their Dutch wording, for the CLI, the API (``detail``)
and the pages alike.

The code raises its reasons in English (pydantic's messages, :class:`InputError`'s, the
exchange's problems); what a user sees is :func:`dutch_error` (``field: reden``, the field path
kept, e.g. ``housings[0].dierplaatsen: moet ten minste 0 zijn``), :func:`dutch_problem` (an
import row) or :func:`dutch_reason` (the reason alone, beside a form field). A reason without a
rule stays as it is, so nothing is lost; the tests hold every reason a bad registry row can
produce, and the CLI's and API's common mistakes, to a Dutch rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from veekompas.format_nl import count, number

if TYPE_CHECKING:
    from veekompas.errors import InputError

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
        return _date(text)
    if not re.fullmatch(r"-?\d+(\.\d{1,6})?", text) or abs(value) >= 1e15:
        return text.replace(".", ",")  # 1e+16, nan, many decimals: as given, decimal comma
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


# The kinds of value in "unknown <kind> 'x'" (errors.unknown_value_message), with the adjective
# that fits the noun's article (de/het).
UNKNOWN = {
    "sector": "onbekende sector",
    "role": "onbekende rol",
    "norm table": "onbekende normtabel",
    "policy profile": "onbekend beleidsprofiel",
    "format": "onbekend formaat",
    "sort key": "onbekende sorteersleutel",
    "category": "onbekende categorie",
    "animal category": "onbekende diercategorie",
    "crop category": "onbekend gewas",
    "animal": "onbekend dier",
    "crop": "onbekend gewas",
    "municipality": "onbekende gemeente",
}
NOUNS = {"product code": "productcode", "situation name": "situatienaam"}


def _kind(kind: str) -> str:
    return NOUNS.get(kind, kind)


def _unknown(m: re.Match[str]) -> str:
    text = f"{UNKNOWN.get(m[1], 'onbekende ' + m[1])} {m[2]}"
    if m[3]:
        return f"{text}; bedoelt u {m[3]}? Toegestaan: {m[4]}"
    return f"{text}; toegestaan: {m[4]}"


def _date(iso: str) -> str:
    """``'2010-01-01'`` -> ``'01-01-2010'`` (other text unchanged)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    return f"{match[3]}-{match[2]}-{match[1]}" if match else iso


def _extension(shown: str) -> str:
    """``extension '.txt'`` -> ``extensie '.txt'``, ``no extension`` -> ``geen extensie``."""
    return "geen extensie" if shown == "no extension" else shown.replace("extension ", "extensie ")


def _what(kind: str) -> str:
    return {"sources": "bronnen", "receptors": "rekenpunten"}.get(kind, kind)


def _yaml_where(where: str) -> str:
    return where.replace(" at line ", " op regel ").replace(", column ", ", kolom ")


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
    (r"Input should be a valid dictionary.*", lambda m: "moet een object zijn (veld: waarde)"),
    (r"Input should be a valid list.*", lambda m: "moet een lijst zijn"),
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
    # files and commands (CLI)
    (r"folder (.+) does not exist", lambda m: f"map {m[1]} bestaat niet"),
    (
        r"(.+) does not exist; run 'veekompas db upgrade'",
        lambda m: f"{m[1]} bestaat niet; voer eerst 'veekompas db upgrade' uit",
    ),
    (r"(.+) does not exist", lambda m: f"{m[1]} bestaat niet"),
    (
        r"(.+) cannot be read as UTF-8 text \((\w+)\)",
        lambda m: f"{m[1]} is niet te lezen als UTF-8-tekst ({m[2]})",
    ),
    (r"(.+) cannot be read \((.+)\)", lambda m: f"{m[1]} is niet te lezen ({m[2]})"),
    (r"cannot read (.+): (\w+)", lambda m: f"{m[1]} is niet te lezen ({m[2]})"),
    (r"(.+) cannot be written \((.+)\)", lambda m: f"{m[1]} kan niet worden geschreven ({m[2]})"),
    (
        r"(.+) is not valid YAML(.*?): (.+)",
        lambda m: f"{m[1]} is geen geldige YAML{_yaml_where(m[2])}: {m[3]}",
    ),
    (
        r"(.+) is not a GeoJSON FeatureCollection",
        lambda m: f"{m[1]} is geen GeoJSON-FeatureCollection",
    ),
    (r"(.+) is not a GeoJSON file \((\w+)\)", lambda m: f"{m[1]} is geen GeoJSON-bestand ({m[2]})"),
    (
        r"'(.+)' is not a date; use YYYY-MM-DD",
        lambda m: f"'{m[1]}' is geen datum; gebruik JJJJ-MM-DD",
    ),
    (r"is not valid JSON \(UTF-8\)", lambda m: "is geen geldige JSON (UTF-8)"),
    (r"is not valid JSON", lambda m: "is geen geldige JSON"),
    (r"not UTF-8 text \(byte (\d+)\)", lambda m: f"geen UTF-8-tekst (byte {m[1]})"),
    (r"not a readable CSV file \((.+)\)", lambda m: f"geen leesbaar CSV-bestand ({m[1]})"),
    (
        r"(.+) is not a known format; use (.+) or --format (.+)",
        lambda m: f"{_extension(m[1])} is geen bekend formaat; gebruik {m[2]} of --format {m[3]}",
    ),
    (
        r"unknown format '(.+)'; allowed: (.+)",
        lambda m: f"onbekend formaat '{m[1]}'; toegestaan: {m[2]}",
    ),
    (r"(.+) is not a distance of 0-100 km", lambda m: f"{m[1]} is geen afstand van 0 tot 100 km"),
    (r"(.+) holds no sources", lambda m: f"{m[1]} bevat geen bronnen"),
    (r"(.+) holds no receptors", lambda m: f"{m[1]} bevat geen rekenpunten"),
    (r"give one UBN or --all \(not both\)", lambda m: "geef één UBN of --all (niet beide)"),
    (
        r"give a scan file or --ubn UBN of a registry farm \(one of them\)",
        lambda m: (
            "geef een scanbestand of --ubn UBN van een bedrijf uit het register (één van beide)"
        ),
    ),
    (
        r"use either --if-empty or --replace, not both",
        lambda m: "gebruik --if-empty of --replace, niet beide",
    ),
    (r"no farms to export", lambda m: "geen bedrijven om te exporteren"),
    (
        r"the file is empty; a farm needs name and situations",
        lambda m: "het bestand is leeg; een bedrijf heeft name en situations nodig",
    ),
    (
        r"expected a mapping with (.+?)(?:, got (.+))?",
        lambda m: (
            f"verwacht een mapping met {m[1].replace(' and ', ' en ')}"
            + (f", niet {m[2]}" if m[2] else "")
        ),
    ),
    # the registry and its users
    (
        r"no farm with UBN '(.+)' in the registry",
        lambda m: f"geen bedrijf met UBN '{m[1]}' in het register",
    ),
    (r"no farm with UBN '(.+)'", lambda m: f"geen bedrijf met UBN '{m[1]}'"),
    (r"no user '(.+)'", lambda m: f"geen gebruiker '{m[1]}'"),
    (r"no (\w+) with this username", lambda m: f"geen {m[1]} met deze gebruikersnaam"),
    (
        r"'(.+)' differs from the address's UBN '(.+)'",
        lambda m: f"'{m[1]}' verschilt van het UBN in het adres, '{m[2]}'",
    ),
    (
        r"is not a next_cursor of this listing and sort order(; start without it)?",
        lambda m: (
            "is geen next_cursor van deze lijst en sorteervolgorde"
            + ("; begin zonder" if m[1] else "")
        ),
    ),
    (r"'(.+)' exists already", lambda m: f"'{m[1]}' bestaat al"),
    (
        r"user '(.+)' has no token with id (.+)",
        lambda m: f"gebruiker '{m[1]}' heeft geen token met id {m[2]}",
    ),
    (
        r"is required for role (\w+) \(the farm's UBN\)",
        lambda m: f"is verplicht bij rol {m[1]} (het UBN van het bedrijf)",
    ),
    (r"is required for role (\w+)", lambda m: f"is verplicht bij rol {m[1]}"),
    (
        r"needs at least (\d+) characters",
        lambda m: f"moet ten minste {_plural(m[1], 'teken', 'tekens')} hebben",
    ),
    (
        r"(?:has )?at most (\d+) characters",
        lambda m: f"mag ten hoogste {_plural(m[1], 'teken', 'tekens')} hebben",
    ),
    (
        r"(\S+) is out of range; allowed (\S+) to (\S+)",
        lambda m: (
            f"{_figure(m[1])} valt buiten het bereik; toegestaan {_figure(m[2])} "
            f"tot en met {_figure(m[3])}"
        ),
    ),
    (r"(.+) is out of range", lambda m: f"{m[1]} valt buiten het bereik"),
    (
        r"'(.+)' is not allowed; use (.+)",
        lambda m: f"'{m[1]}' is niet toegestaan; kies uit {_choices(m[2])}",
    ),
    (r"'(.+)' is not allowed; (.+)", lambda m: f"'{m[1]}' is niet toegestaan; {m[2]}"),
    (
        r"unknown (.+?) ('.*?')(?:; did you mean: (.+)\?)? Allowed: (.+)",
        _unknown,
    ),
    (
        r"unknown sort key '(.+)'; allowed: (.+)",
        lambda m: f"onbekende sorteersleutel '{m[1]}'; toegestaan: {m[2]}",
    ),
    (
        r"table (\S+) has no version in force on (\S+); its first version is valid from (\S+)",
        lambda m: (
            f"tabel {m[1]} heeft geen versie die geldt op {_date(m[2])}; "
            f"de eerste versie geldt vanaf {_date(m[3])}"
        ),
    ),
    (
        r"no NGE norms for (\S+); years with norms: (.+)",
        lambda m: f"geen NGE-normen voor {m[1]}; jaren met normen: {m[2]}",
    ),
    (r"must be 0 or more", lambda m: "moet 0 of meer zijn"),
    # a wrong call of the CLI (click's usage errors)
    (r"Missing argument '(.+)'\.", lambda m: f"{m[1]}: ontbreekt (zie --help)"),
    (r"Missing option '(.+)'\.", lambda m: f"{m[1]}: ontbreekt (zie --help)"),
    (
        r"No such option: (\S+)(?: Did you mean (\S+)\?)?",
        lambda m: f"{m[1]}: onbekende optie (zie --help)",
    ),
    (r"No such command '(.+)'\.", lambda m: f"'{m[1]}': onbekende opdracht (zie --help)"),
    (
        r"Got unexpected extra arguments? \((.+)\)",
        lambda m: f"onverwachte extra argumenten ({m[1]})",
    ),
    (r"Option '(.+)' requires an argument\.", lambda m: f"{m[1]}: heeft een waarde nodig"),
    (
        r"Invalid value for '(.+?)': '(.*)' is not a valid (integer|float)\.",
        lambda m: f"{m[1]}: '{m[2]}' is geen {'geheel getal' if m[3] == 'integer' else 'getal'}",
    ),
    (r"Invalid value for '(.+?)': (.+)", lambda m: f"{m[1]}: {dutch_reason(m[2])}"),
    # the API's other answers: 401, 403, 404, 409 (web/plumbing/errors.py keeps their field)
    (r"unknown user or wrong password", lambda m: "onbekende gebruiker of verkeerd wachtwoord"),
    (r"the session has expired; log in again", lambda m: "de sessie is verlopen; log opnieuw in"),
    (
        r"log in, or send 'Authorization: Bearer <token>'",
        lambda m: "log in, of stuur 'Authorization: Bearer <token>'",
    ),
    (
        r"the bearer token is unknown, expired or withdrawn",
        lambda m: "het bearer-token is onbekend, verlopen of ingetrokken",
    ),
    (r"role publiek has open data only", lambda m: "rol publiek ziet alleen open data"),
    (
        r"role (\w+) may not (\w+) (\w+)(?: of farm (\S+))?",
        lambda m: f"rol {m[1]} mag niet: {m[2]} {m[3]}" + (f" van bedrijf {m[4]}" if m[4] else ""),
    ),
    (r"no consent with id (\S+)", lambda m: f"geen toestemming met id {m[1]}"),
    (
        r"farm (\S+) was changed by someone else",
        lambda m: f"bedrijf {m[1]} is intussen door iemand anders gewijzigd; laad het opnieuw",
    ),
    (
        r"a farm with UBN (\S+) exists already",
        lambda m: f"er bestaat al een bedrijf met UBN {m[1]}",
    ),
    (
        r"another write came first; reload and try again",
        lambda m: "een andere wijziging was eerder; laad opnieuw en probeer het nog eens",
    ),
    (
        r"busy with another write; try again shortly",
        lambda m: "bezig met een andere wijziging; probeer het zo opnieuw",
    ),
    # the demo region (demo/guard.py, demo/load.py)
    (
        r"the registry holds (farm|user) (.+), not a demo (?:farm|user); "
        r"(demo users only go|the demo region only goes) into a demo registry "
        r"\(make run keeps its demo in data/demo\)",
        lambda m: (
            f"het register bevat {'bedrijf' if m[1] == 'farm' else 'gebruiker'} {m[2]}, "
            f"{'geen demobedrijf' if m[1] == 'farm' else 'geen demogebruiker'}; "
            f"{'demogebruikers horen' if m[3].startswith('demo users') else 'de demoregio hoort'} "
            "alleen in een demoregister (make run houdt zijn demo in data/demo)"
        ),
    ),
    (
        r"demo farm (\S+) is already in the registry; use --replace to write the demo region "
        r"again or --if-empty to skip it",
        lambda m: (
            f"demobedrijf {m[1]} staat al in het register; gebruik --replace om de "
            "demoregio opnieuw te schrijven of --if-empty om haar over te slaan"
        ),
    ),
    # import files (store/exchange) and backups (store/backup*)
    (r"not an XLSX workbook \((\w+)\)", lambda m: f"geen XLSX-werkboek ({m[1]})"),
    (r"not a readable XLSX workbook \((\w+)\)", lambda m: f"geen leesbaar XLSX-werkboek ({m[1]})"),
    (
        r"not a GeoPackage \(no SQLite database\)",
        lambda m: "geen GeoPackage (geen SQLite-database)",
    ),
    (r"not a readable GeoPackage \((.+)\)", lambda m: f"geen leesbare GeoPackage ({m[1]})"),
    (r"expected a GeoJSON FeatureCollection", lambda m: "verwacht een GeoJSON-FeatureCollection"),
    (
        r"a FeatureCollection needs a 'features' array",
        lambda m: "een FeatureCollection heeft een lijst 'features' nodig",
    ),
    (r"not valid JSON \((.+)\)", lambda m: f"geen geldige JSON ({m[1]})"),
    (r"no table '(.+)' in this GeoPackage", lambda m: f"geen tabel '{m[1]}' in deze GeoPackage"),
    (
        r"no point layer '(.+)' in this GeoPackage",
        lambda m: f"geen puntlaag '{m[1]}' in deze GeoPackage",
    ),
    (
        r"(.+) is larger than the (.+) an import may be \(setting (\w+)\).*",
        lambda m: (
            f"{_mb(m[1])} is groter dan de {_mb(m[2])} die een import mag zijn (instelling "
            f"{m[3]}). Splits het bestand op, bijvoorbeeld per gemeente."
        ),
    ),
    (r"(.+) is empty; not a backup", lambda m: f"{m[1]} is leeg; geen back-up"),
    (
        r"(.+) is not a veekompas registry backup: tables (.+) missing",
        lambda m: (
            f"{m[1]} is geen back-up van een veekompas-register: de tabellen {m[2]} ontbreken"
        ),
    ),
    (
        r"(.+) has schema revision '(.+)', which this veekompas does not know \(known: (.+)\); "
        r"restore it with the veekompas that wrote it",
        lambda m: (
            f"{m[1]} heeft schemarevisie '{m[2]}', die deze veekompas niet kent (bekend: "
            f"{m[3]}); herstel hem met de veekompas die hem schreef"
        ),
    ),
    (
        r"(.+) has (\d+) schema revisions \((.+)\); a backup has one",
        lambda m: f"{m[1]} heeft {m[2]} schemarevisies ({m[3]}); een back-up heeft er één",
    ),
    (
        r"(.+) is not a SQLite database backup",
        lambda m: f"{m[1]} is geen back-up van een SQLite-database",
    ),
    (
        r"(.+) is damaged \(quick_check: (.+)\)",
        lambda m: f"{m[1]} is beschadigd (quick_check: {m[2]})",
    ),
    (
        r"(.+) is not a readable SQLite database \((.+)\)",
        lambda m: f"{m[1]} is geen leesbare SQLite-database ({m[2]})",
    ),
    (
        r"(.+) is not a PostgreSQL backup of pg_dump's custom format \((.+)\)",
        lambda m: f"{m[1]} is geen PostgreSQL-back-up in het custom-formaat van pg_dump ({m[2]})",
    ),
    (
        r"(.+) was not replaced \((.+)\); it is unchanged",
        lambda m: f"{m[1]} is niet vervangen ({m[2]}); het is ongewijzigd",
    ),
    (r"(pg_dump|pg_restore) failed: (.+)", lambda m: f"{m[1]} mislukte: {m[2]}"),
    (
        r"(\S+) is not installed \(Debian package (\S+)\)",
        lambda m: f"{m[1]} is niet geïnstalleerd (Debian-pakket {m[2]})",
    ),
    (
        r"(\S+) is not a calculation year; allowed: (\S+) \.\. (\S+)",
        lambda m: f"{m[1]} is geen rekenjaar; toegestaan: {m[2]} tot en met {m[3]}",
    ),
    (
        r"'(.+)' is not a situation type; allowed: (.+)",
        lambda m: f"'{m[1]}' is geen situatietype; toegestaan: {m[2]}",
    ),
    (r"not well-formed XML(.*)", lambda m: f"geen goedgevormde XML{m[1]}"),
    # the CSV files of `deposition run` (cli/deposition_files.py, calc/deposition.py)
    (
        r"(sources|receptors) row (\d+) \(id (.+?)\): (.+)",
        lambda m: f"{_what(m[1])} rij {m[2]} (id {m[3]}): {dutch_reason(m[4])}",
    ),
    (
        r"(sources|receptors) row (\d+): (.+)",
        lambda m: f"{_what(m[1])} rij {m[2]}: {dutch_reason(m[3])}",
    ),
    (r"(sources|receptors): (.+)", lambda m: f"{_what(m[1])}: {dutch_reason(m[2])}"),
    (r"row (\S+): (.+)", lambda m: f"rij {m[1]}: {dutch_reason(m[2])}"),
    (r"source (\S+): (.+)", lambda m: f"bron {m[1]}: {dutch_reason(m[2])}"),
    (r"'(.*)' is not a number", lambda m: f"'{m[1]}' is geen getal"),
    (r"empty id", lambda m: "lege id"),
    (r"id '(.+)' occurs more than once", lambda m: f"id '{m[1]}' komt meer dan eens voor"),
    (
        r"(sources|receptors) file needs an 'id' column; columns are (.+)",
        lambda m: f"het bestand met {_what(m[1])} heeft een kolom 'id' nodig; kolommen: {m[2]}",
    ),
    (
        r"receptors file needs columns id, x_rd, y_rd; found (.+)",
        lambda m: (
            f"het bestand met rekenpunten heeft de kolommen id, x_rd, y_rd nodig; gevonden: {m[1]}"
        ),
    ),
    (
        r"columns needed: (.+?) or (.+?), and (.+); found (.+)",
        lambda m: f"nodig zijn de kolommen {m[1]} of {m[2]}, en {m[3]}; gevonden: {m[4]}",
    ),
    (
        r"a row without rectangle bounds needs x_rd, y_rd",
        lambda m: "een rij zonder rechthoek heeft x_rd, y_rd nodig",
    ),
    (
        r"spread must not exceed the emission height",
        lambda m: "de spreiding mag niet groter zijn dan de emissiehoogte",
    ),
    (r"xmax/ymax must be >= xmin/ymin", lambda m: "xmax/ymax moet >= xmin/ymin zijn"),
    (
        r"(\S+) is not an RD New (x|y) in metres \((\S+) to (\S+)\)",
        lambda m: (
            f"{_figure(m[1])} is geen RD New-{m[2]} in meters ({_figure(m[3])} tot {_figure(m[4])})"
        ),
    ),
    (r"(\S+) is not a height 0-100 m", lambda m: f"{_figure(m[1])} is geen hoogte van 0 tot 100 m"),
    (
        r"(\S+) is not a spread 0-100 m",
        lambda m: f"{_figure(m[1])} is geen spreiding van 0 tot 100 m",
    ),
    (
        r"(\S+) is not an emission >= 0 kg NH3/yr",
        lambda m: f"{_figure(m[1])} is geen emissie >= 0 kg NH3/jaar",
    ),
    (
        r"needs rings of at least 3 \[x, y\] points \(RD New, m; finite numbers up to 1e7\)",
        lambda m: (
            "heeft ringen van ten minste 3 [x, y]-punten nodig (RD New, m; eindige getallen "
            "tot 1e7)"
        ),
    ),
    # the farm file of `farm assess` and the API's farm assessments (domain/farm.py)
    (r"(.+) is not a number; (.+)", lambda m: f"{m[1]} is geen getal; {dutch_reason(m[2])}"),
    (
        r"(\S+) is not a whole number; (.+)",
        lambda m: f"{m[1]} is geen geheel getal; {dutch_reason(m[2])}",
    ),
    (
        r"(\S+) is out of range; (.+)",
        lambda m: f"{_figure(m[1])} valt buiten het bereik; {dutch_reason(m[2])}",
    ),
    (
        r"animal counts are whole numbers from 0 to (\d+)",
        lambda m: f"aantallen dieren zijn gehele getallen van 0 tot en met {_figure(m[1])}",
    ),
    (
        r"areas are numbers of hectares from 0 to (\d+)",
        lambda m: f"oppervlakten zijn aantallen hectaren van 0 tot en met {_figure(m[1])}",
    ),
    (
        r"the farm has no situations; give at least one \(e\.g\. huidig\) with animals or crops",
        lambda m: (
            "het bedrijf heeft geen situaties; geef er ten minste één (bijv. huidig) met "
            "dieren of gewassen"
        ),
    ),
    (
        r"situation '(.+)' is empty; give animals or crops",
        lambda m: f"situatie '{m[1]}' is leeg; geef dieren of gewassen",
    ),
    (r"a situation needs a non-empty name", lambda m: "een situatie heeft een naam nodig"),
    (
        r"(\d+) situations; a farm has at most (\d+)",
        lambda m: f"{m[1]} situaties; een bedrijf heeft er ten hoogste {m[2]}",
    ),
    (
        r"a (.+) of (\d+) characters; at most (\d+)",
        lambda m: f"een {_kind(m[1])} van {_plural(m[2], 'teken', 'tekens')}; ten hoogste {m[3]}",
    ),
    (
        r"'(.+)' is a product of crops \(ha\), not of animals",
        lambda m: f"'{m[1]}' is een gewas (ha), geen dier",
    ),
    (
        r"'(.+)' is a product of animals \(count\), not of crops",
        lambda m: f"'{m[1]}' is een dier (aantal), geen gewas",
    ),
    (
        r"true, but the situation has no grazing livestock to use the fodder; "
        r"set own_fodder: false or add the animals",
        lambda m: (
            "true, maar de situatie heeft geen graasdieren die het voer gebruiken; "
            "zet own_fodder: false of voeg de dieren toe"
        ),
    ),
    (
        r"'(.+)' does not match Rav code (\S+) \(category (.+)\)",
        lambda m: f"'{m[1]}' past niet bij Rav-code {m[2]} (categorie {m[3]})",
    ),
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


MORE = re.compile(r"(.+) \(and (\d+) more problems?\)\Z", re.S)
UNITS = {"row": "rij", "feature": "object"}


def dutch_reason(reason: str) -> str:
    """The Dutch wording of an English validation reason; an unknown reason is returned as is."""
    text = reason.strip()
    more = MORE.match(text)
    if more:
        rest = count(int(more[2]), "probleem", "problemen")
        return f"{dutch_reason(more[1])} (en nog {rest})"
    for pattern, wording in COMPILED:
        match = pattern.match(text)
        if match:
            try:
                return wording(match)
            except (ArithmeticError, ValueError):  # wording must never break an answer
                return reason
    return reason


def dutch_error(error: InputError) -> str:
    """``field: reden`` of an :class:`InputError`, one line: what the CLI prints after
    ``fout:`` and what the API answers in ``detail``."""
    reason = dutch_reason(error.message)
    return f"{error.field}: {reason}" if error.field else reason


def dutch_unit(unit: str) -> str:
    """Where an import problem is: ``row`` -> ``rij``, ``bedrijven row`` -> ``bedrijven rij``."""
    *table, last = unit.split(" ")
    return " ".join([*table, UNITS.get(last, last)])


def dutch_problem(unit: str, row: int, field: str, value: str, reason: str) -> str:
    """One import problem in one line: ``rij 3, dierplaatsen = '-3': moet ten minste 0 zijn``."""
    return f"{dutch_unit(unit)} {row}, {field} = {value!r}: {dutch_reason(reason)}"
