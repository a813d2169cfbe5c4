"""Reading IMAER 6.0 GML: metadata, emission sources and receptor depositions."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET

from veekompas.errors import InputError
from veekompas.store.imaer.records import (
    GML,
    IMAER,
    NAMESPACES,
    AnimalHousing,
    EmissionSource,
    ImaerDocument,
    Metadata,
)


def _text(node: ET.Element | None, path: str) -> str | None:
    found = node.find(path, NAMESPACES) if node is not None else None
    return found.text.strip() if found is not None and found.text is not None else None


def _float(node: ET.Element, path: str, what: str) -> float:
    value = _text(node, path)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise InputError("FILE", f"{what}: {value!r} is not a number")
    return number


def _address(project: ET.Element | None) -> tuple[str, str, str] | None:
    address = (
        project.find("imaer:facilityLocation/imaer:Address", NAMESPACES)
        if project is not None
        else None
    )
    if address is None:
        return None
    parts = [_text(address, f"imaer:{t}") or "" for t in ("streetAddress", "postcode", "city")]
    return (parts[0], parts[1], parts[2])


def _coordinates(source: ET.Element, local_id: str) -> tuple[str, tuple[tuple[float, float], ...]]:
    pos = source.find(
        "imaer:geometry/imaer:EmissionSourceGeometry/imaer:GM_Point//gml:pos", NAMESPACES
    )
    pos_list = source.find(
        "imaer:geometry/imaer:EmissionSourceGeometry/imaer:GM_Surface//gml:exterior//gml:posList",
        NAMESPACES,
    )
    kind, node = ("point", pos) if pos is not None else ("polygon", pos_list)
    if node is None or not (node.text or "").split():
        raise InputError("FILE", f"source {local_id}: no point or polygon geometry (RD New)")
    try:
        values = [float(v) for v in node.text.split()]  # type: ignore[union-attr]
    except ValueError:
        raise InputError("FILE", f"source {local_id}: coordinates are not numbers") from None
    if len(values) % 2 or (kind == "point" and len(values) != 2):
        raise InputError("FILE", f"source {local_id}: coordinates are not x y pairs")
    return kind, tuple(zip(values[0::2], values[1::2], strict=True))


def _housings(source: ET.Element, local_id: str) -> tuple[AnimalHousing, ...]:
    result = []
    for node in source.findall("imaer:animalHousing/*", NAMESPACES):
        kind = "standard" if node.tag == f"{{{IMAER}}}StandardFarmAnimalHousing" else "custom"
        where = f"source {local_id}, animalHousing {len(result) + 1}"
        text = _text(node, "imaer:numberOfAnimals") or ""
        if not text.isdigit():
            raise InputError("FILE", f"{where}: numberOfAnimals {text!r} is not a whole number")
        count = int(text)
        if kind == "standard":
            systems = tuple(
                s.get("additionalSystemType", "")
                for s in node.findall("imaer:additionalSystem/*", NAMESPACES)
            )
            housing = AnimalHousing(
                kind=kind,
                animal_type=node.get("animalType", ""),
                number_of_animals=count,
                housing_code=node.get("animalHousingType"),
                additional_systems=systems,
            )
        else:
            factor = _float(node, "imaer:emissionFactor/imaer:Emission/imaer:value", where)
            housing = AnimalHousing(
                kind=kind,
                animal_type=node.get("animalType", ""),
                number_of_animals=count,
                description=_text(node, "imaer:description"),
                nh3_kg_per_animal_year=factor,
                emission_factor_type=_text(node, "imaer:emissionFactorType"),
            )
        result.append(housing)
    return tuple(result)


def _source_from(node: ET.Element) -> EmissionSource:
    local_id = node.get(f"{{{GML}}}id") or _text(node, "imaer:identifier//imaer:localId") or "?"
    chars = node.find(
        "imaer:emissionSourceCharacteristics/imaer:EmissionSourceCharacteristics", NAMESPACES
    )
    if chars is None:
        raise InputError("FILE", f"source {local_id}: no emissionSourceCharacteristics")
    where = f"source {local_id}"
    heat_path = "imaer:heatContent/imaer:SpecifiedHeatContent/imaer:value"
    heat = _float(chars, heat_path, f"{where}, heat content") if _text(chars, heat_path) else 0.0
    spread = (
        _float(chars, "imaer:spread", f"{where}, spread") if _text(chars, "imaer:spread") else None
    )
    height = _float(chars, "imaer:emissionHeight", f"{where}, height")
    kind, coordinates = _coordinates(node, local_id)
    emissions = {
        e.get("substance", ""): _float(e, "imaer:value", f"{where}, emission")
        for e in node.findall("imaer:emission/imaer:Emission", NAMESPACES)
    }
    housings = _housings(node, local_id)
    established = _text(node, "imaer:established")
    try:
        day = dt.date.fromisoformat(established) if established else None
    except ValueError:
        raise InputError("FILE", f"{where}: established {established!r} is not a date") from None
    return EmissionSource(
        local_id=local_id,
        element=node.tag.split("}")[1],
        sector_id=node.get("sectorId", ""),
        label=_text(node, "imaer:label"),
        heat_content_mw=heat,
        emission_height_m=height,
        spread_m=spread,
        geometry=kind,
        coordinates=coordinates,
        emission_kg_per_year=emissions,
        animal_housings=housings,
        established=day,
    )


def parse(data: bytes) -> ImaerDocument:
    """Read an IMAER 6.0 GML file: metadata, emission sources and receptor depositions.

    The deposition of a ``ReceptorPoint`` [mol N/ha/yr] is the sum of its ``DEPOSITION``
    results (NH3 and NOX where both are given: total nitrogen); other result types are ignored.

    Raises
    ------
    InputError
        ``FILE: ...`` for a file that is not well-formed XML, not IMAER 6.0 or lacks what a
        source needs (geometry, height, numbers).
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError("FILE", f"not well-formed XML ({exc})") from None
    if root.tag != f"{{{IMAER}}}FeatureCollectionCalculator":
        raise InputError(
            "FILE",
            f"not an IMAER 6.0 FeatureCollectionCalculator (root {root.tag!r}); "
            f"allowed: namespace {IMAER}",
        )
    meta = root.find("imaer:metadata/imaer:AeriusCalculatorMetadata", NAMESPACES)
    project = (
        meta.find("imaer:project/imaer:ProjectMetadata", NAMESPACES) if meta is not None else None
    )
    situation = (
        meta.find("imaer:situation/imaer:SituationMetadata", NAMESPACES)
        if meta is not None
        else None
    )
    version = (
        meta.find("imaer:version/imaer:VersionMetadata", NAMESPACES) if meta is not None else None
    )
    year = _text(project, "imaer:year")
    if year is None or not year.isdigit():
        raise InputError("FILE", f"metadata: project year {year!r} is not a year")
    metadata = Metadata(
        year=int(year),
        project_name=_text(project, "imaer:name"),
        corporation=_text(project, "imaer:corporation"),
        facility_address=_address(project),
        description=_text(project, "imaer:description"),
        situation_name=_text(situation, "imaer:name"),
        reference=_text(situation, "imaer:reference"),
        situation_type=_text(situation, "imaer:situationType"),
        aerius_version=_text(version, "imaer:aeriusVersion"),
        database_version=_text(version, "imaer:databaseVersion"),
        gml_creator=_text(meta, "imaer:gmlCreator"),
    )
    sources, depositions = [], {}
    for member in root.findall("imaer:featureMember/*", NAMESPACES):
        if member.tag == f"{{{IMAER}}}ReceptorPoint":
            receptor_text = member.get("receptorPointId", "")
            if not receptor_text.isdigit():
                raise InputError("FILE", f"receptorPointId {receptor_text!r} is not a number")
            receptor = int(receptor_text)
            depositions[receptor] = sum(
                _float(r, "imaer:value", f"receptor {receptor}")
                for r in member.findall("imaer:result/imaer:CalculationResult", NAMESPACES)
                if r.get("resultType") == "DEPOSITION"
            )
        elif member.find("imaer:emissionSourceCharacteristics", NAMESPACES) is not None:
            sources.append(_source_from(member))
    return ImaerDocument(metadata=metadata, sources=tuple(sources), depositions=depositions)
