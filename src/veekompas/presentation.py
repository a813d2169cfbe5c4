"""Dutch labels and formatted values of an assessment, shared by the CLI and the web page."""

from __future__ import annotations

from veekompas.assess.farm_assessment import SituationAssessment
from veekompas.calc.labour import NormRatio
from veekompas.format_nl import euro, number

PRODUCT_COLUMNS = ("Categorie", "Aantal", "Eenheid", "Norm (nge)", "Aantal nge")
VERDICT = {True: "voldoet", False: "voldoet niet", None: "niet te toetsen"}


def product_rows(s: SituationAssessment) -> list[tuple[str, str, str, str, str]]:
    """LEI-style lines: categorie, aantal, eenheid, norm (3 decimals, as printed), nge (0.1)."""
    rows = []
    for ln in s.economic_size.lines:
        unit = "aantal dieren" if ln.unit == "dier" else "ha, gemeten maat"
        quantity = number(ln.quantity, 0 if ln.kind == "animal" else 2)
        label = ln.description + (" *" if ln.unverified else "")
        rows.append((label, quantity, unit, number(ln.nge_per_unit_published, 3), number(ln.nge)))
    return rows


def _ratio(r: NormRatio, per: str) -> str:
    if r.value is None:
        return r.reason
    return f"{number(r.value)} ({number(r.nge_per_unit, 0)} nge per {per})"


def summary_rows(s: SituationAssessment) -> list[tuple[str, str]]:
    """Totals, SO, type, labour and the dwelling verdict as (label, value) in Dutch."""
    size, ftype, work = s.economic_size, s.farm_type, s.labour
    names = {ln.code: ln.description.lower() for ln in size.lines}
    if size.so_eur is not None:
        so = euro(size.so_eur)
    else:
        so = "niet bepaald (geen SO-norm voor " + "; ".join(names[c] for c in size.so_missing) + ")"
    hours = work.hours
    if hours.hours_total is not None:
        kwin = (
            f"{number(hours.hours_total, 0)} uur ({number(hours.mensjaren_from_hours)} mensjaren)"
        )
    else:
        kwin = (
            "niet bepaald (geen KWIN-norm voor " + "; ".join(names[c] for c in hours.missing) + ")"
        )
    type41 = f"{ftype.type41_code} {ftype.type41_name}" if ftype.type41_code else ftype.type41_note
    verdict = f"{VERDICT[s.dwelling.meets]} (minimaal {number(s.dwelling.min_vak, 0)} VAK)"
    return [
        ("Totale bedrijfsomvang", f"{number(size.nge_total)} nge"),
        ("Bruto standaardsaldo (bss)", euro(size.bss_eur)),
        ("Standaardopbrengst (SO)", so),
        ("8-indeling", ftype.main_type or "–"),
        ("41-indeling", type41),
        ("EU-grootteklasse (SO)", ftype.eu_size_class or "–"),
        ("VAK", _ratio(work.vak, "VAK")),
        ("Mensjaren", _ratio(work.mensjaren, "mensjaar")),
        ("KWIN-arbeidsuren", kwin),
        ("Tweede bedrijfswoning", verdict),
    ]
