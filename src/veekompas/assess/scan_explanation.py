"""The omgevingsscan in Dutch, one paragraph per subject, in the style of the 2011 request's
'Omgeving bedrijf' section: what was found, then '-> geen belemmering' or what stands in the way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from veekompas.format_nl import number

if TYPE_CHECKING:
    from veekompas.assess.environment_scan import EnvironmentScan, LayerPosition

FREE = "geen belemmering"


def _emissions(scan: EnvironmentScan) -> str:
    missing = [b.stalsysteem_code for b in scan.pm10.housings if b.factor is None]
    if len(missing) == len(scan.pm10.housings):
        pm10_text = "onbekend (geen fijnstofemissiefactor voor deze stalsystemen)"
    else:
        pm10_text = f"{number(scan.pm10.total, 0)} g/jaar"
        if missing:
            pm10_text += f" (zonder {', '.join(missing)}: geen factor)"
    return (
        f"Emissies: ammoniak {number(scan.nh3.total, 1)} kg NH3/jaar, geur "
        f"{number(scan.odour.total, 0)} ouE/s, fijnstof {pm10_text} "
        f"(stalsystemen {', '.join(sorted({b.stalsysteem_code for b in scan.nh3.housings}))})."
    )


def _odour(scan: EnvironmentScan) -> str:
    if not scan.odour_verdicts:
        return "Geur: geen geurgevoelige objecten opgegeven; niet beoordeeld."
    failing = [v for v in scan.odour_verdicts if not v.complies]
    texts = " ".join(v.text.rstrip(".") + "." for v in scan.odour_verdicts)
    verdict = (
        FREE
        if not failing
        else "belemmering (" + "; ".join(f"{v.object}: {v.rule}" for v in failing) + ")"
    )
    return f"Geur: {texts} -> {verdict}"


def _layer(name: str, layer: LayerPosition, zone_text: str, blocked: str) -> str:
    if not layer.given:
        return f"{name}: geen kaart opgegeven; niet beoordeeld."
    if layer.nearest is None:
        return f"{name}: geen gebieden op de opgegeven kaart -> {FREE}"
    where = f"{layer.nearest} op {number(layer.distance_m, 0)} m"
    if layer.obstacle:
        return f"{name}: het bedrijf ligt {zone_text} ({where}) -> {blocked}"
    return f"{name}: het bedrijf ligt niet {zone_text} (dichtstbij: {where}) -> {FREE}"


def _habitat(text: str | None) -> str:
    """``'H2330 Zandverstuivingen (present: ...)'`` -> ``'H2330 Zandverstuivingen'``: the table's
    English compiler's note stays in the table (and the JSON), not in the Dutch text."""
    return (text or "habitattype onbekend").split(" (")[0]


def _natura2000(scan: EnvironmentScan) -> list[str]:
    nature = scan.natura2000
    lines = [
        f"Natura 2000: het bedrijf ligt op circa {number(nature.nearest_distance_m, 0)} m van "
        f"{nature.nearest_area}."
    ]
    if not nature.areas:
        lines.append(f"Binnen {number(nature.max_distance_km, 0)} km ligt geen Natura 2000-gebied.")
        return lines
    top = nature.areas[0]
    d = top.deposition
    kdw = (
        f" ({number(d.max_percent_of_kdw, 2)}% van de KDW van {number(d.kdw_mol_per_ha_year, 0)} "
        f"mol/ha/jaar, {_habitat(d.lowest_kdw_habitat)})"
        if d.kdw_mol_per_ha_year
        else " (KDW van dit gebied onbekend)"
    )
    lines.append(
        f"De hoogste depositie is circa {number(d.max_mol_per_ha_year, 2)} mol/ha/jaar op "
        f"{d.name or d.area}{kdw}; {nature.label}."
    )
    over = [j for j in nature.areas if j.exceeds]
    unknown = [j for j in nature.areas if j.exceeds is None]
    title = scan.policy.get("title", scan.policy.get("code"))
    if over:
        names = ", ".join(
            f"{j.deposition.name or j.deposition.area} "
            f"({number(j.deposition.max_mol_per_ha_year, 2)} > "
            f"{number(j.threshold_mol_per_ha_year, 3)} mol/ha/jaar)"
            for j in over
        )
        lines.append(f"Volgens {title} ({over[0].threshold_rule}) is dat een belemmering: {names}.")
    else:
        rule = nature.areas[0].threshold_rule
        lines.append(f"Volgens {title} ({rule}) is Natura 2000 -> {FREE}.")
    if unknown:
        names = ", ".join(j.deposition.name or j.deposition.area for j in unknown)
        lines.append(f"Niet te beoordelen zonder KDW: {names}.")
    vracht = nature.stikstofvracht
    if vracht is not None:
        reached = "wel" if vracht.meets_threshold else "niet"
        lines.append(
            f"Stikstofvracht: circa {number(vracht.mol_per_year, 0)} mol N/jaar; de drempel van de "
            f"Lbv-plus ({number(vracht.threshold_mol_per_year, 0)} mol/jaar) wordt {reached} "
            f"gehaald ({vracht.assumption})."
        )
    return lines


def explain(scan: EnvironmentScan) -> list[str]:
    wav_zone = number(float(scan.policy["wav_zone_m"]), 0)
    lines = [
        _emissions(scan),
        _odour(scan),
        _layer(
            "WAV",
            scan.wav,
            f"in een zone van {wav_zone} m rondom een zeer kwetsbaar gebied",
            "belemmering voor uitbreiding van het aantal dieren (Wav art. 4 en 6; "
            "uitzonderingen art. 5 en 7)",
        ),
        _layer(
            "NNN (voorheen EHS)",
            scan.nnn,
            "in het Natuurnetwerk Nederland",
            "nieuwe ontwikkelingen alleen als de wezenlijke kenmerken niet worden aangetast "
            "('nee, tenzij')",
        ),
        *_natura2000(scan),
    ]
    blocked = (
        any(not v.complies for v in scan.odour_verdicts)
        or bool(scan.wav.obstacle)
        or bool(scan.nnn.obstacle)
        or any(j.exceeds for j in scan.natura2000.areas)
    )
    verdict = "op een of meer punten een belemmering (zie hierboven)." if blocked else f"{FREE}."
    lines.append(f"Conclusie: de omgevingsfactoren vormen {verdict}")
    return lines
