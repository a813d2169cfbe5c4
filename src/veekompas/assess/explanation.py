"""Short Dutch explanations in the style of the 2011 request's paragraph 'Omvang bedrijf'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from veekompas.format_nl import euro, number

if TYPE_CHECKING:
    from veekompas.assess.policy import DwellingPolicy
    from veekompas.calc.economic_size import EconomicSize, FarmType
    from veekompas.calc.labour import Labour


def _herd(size: EconomicSize) -> str:
    parts = [f"{number(ln.quantity, 0)} {ln.description.lower()}" for ln in size.lines
             if ln.kind == "animal" and ln.quantity > 0]  # fmt: skip
    if not parts:
        return "zonder dieren"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def size_text(name: str, size: EconomicSize, ftype: FarmType, work: Labour) -> str:
    """'In de situatie ... heeft het bedrijf een omvang van 170,4 nge ... 2,3 VAK.'"""
    text = (
        f"In de situatie '{name}' ({_herd(size)}) heeft het bedrijf een omvang van "
        f"{number(size.nge_total)} nge (bruto standaardsaldo {euro(size.bss_eur)})"
    )
    if ftype.main_type:
        text += f" en is het een {ftype.main_type.lower()}"
        if ftype.type41_code:
            text += f" ({ftype.type41_code} {ftype.type41_name.lower()})"
    text += "."
    if any(not ln.counted and ln.quantity > 0 for ln in size.lines):
        text += (
            " De voedergewassen worden door het eigen vee benut en krijgen daarom geen bss en "
            "geen nge."
        )
    vak = work.vak
    if vak.value is not None:
        text += (
            f" Volgens het LEI zet 1 VAK op een bedrijf van dit type ({vak.norm_description}) "
            f"gemiddeld {number(vak.nge_per_unit, 0)} nge om; dit resulteert in een "
            f"arbeidsbehoefte van {number(vak.value)} VAK."
        )
    else:
        text += " De arbeidsbehoefte in VAK is niet te bepalen: " + vak.reason + "."
    mj = work.mensjaren
    if mj.value is not None:
        text += (
            f" Voor {mj.norm_description.lower()} staat {number(mj.nge_per_unit, 0)} nge gelijk "
            f"aan één mensjaar ({number(work.hours.mensjaar_hours, 0)} uur); met "
            f"{number(size.nge_total)} nge is dit {number(mj.value)} mensjaren."
        )
    return text


def dwelling_text(vak: float | None, policy: DwellingPolicy, meets: bool | None) -> str:
    """The omvang criterion for a second farm dwelling, in one or two sentences."""
    where = f"gemeente {policy.municipality}" if policy.municipality else "het standaardprofiel"
    text = ""
    if policy.threshold_from != policy.code:
        text = (
            f"Voor {where} is geen eigen drempel gevonden; de algemene praktijk van "
            f"{number(policy.min_vak, 0)} VAK is gebruikt. "
        )
    text += (
        f"Voor een tweede bedrijfswoning wordt in {where} een minimale omvang van "
        f"{number(policy.min_vak, 0)} VAK aangehouden"
    )
    if meets is None:
        return text + "; zonder VAK-norm voor dit bedrijf is dit criterium niet te toetsen."
    verdict = "wordt hieraan voldaan" if meets else "wordt hieraan niet voldaan"
    return text + f": met {number(vak)} VAK {verdict}."
