"""Writing IMAER 6.0 GML in the layout AERIUS Calculator 2024 exports (see the package doc)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from veekompas.store.imaer.records import (
    GML,
    IMAER,
    SCHEMA_LOCATION,
    SRS,
    SUBSTANCES,
    AnimalHousing,
    EmissionSource,
    ImaerDocument,
    Metadata,
)


def _num(value: float) -> str:
    return repr(float(value))


def _el(tag: str, *children: str, text: str | None = None, **attrs: str) -> str:
    attributes = "".join(f" {k.replace('__', ':')}={quoteattr(v)}" for k, v in attrs.items())
    inner = escape(text) if text is not None else "".join(children)
    return f"<{tag}{attributes}>{inner}</{tag}>"


def _emission(substance: str, value: float) -> str:
    return _el("imaer:Emission", _el("imaer:value", text=_num(value)), substance=substance)


def _housing(h: AnimalHousing) -> str:
    if h.kind == "standard":
        systems = "".join(
            _el(
                "imaer:additionalSystem",
                f"<imaer:StandardAdditionalHousingSystem additionalSystemType={quoteattr(s)}/>",
            )
            for s in h.additional_systems
        )
        body = _el("imaer:numberOfAnimals", text=str(h.number_of_animals)) + systems
        return _el(
            "imaer:StandardFarmAnimalHousing",
            body,
            animalHousingType=h.housing_code or "",
            animalType=h.animal_type,
        )
    body = (
        _el("imaer:numberOfAnimals", text=str(h.number_of_animals))
        + _el("imaer:description", text=h.description or "")
        + _el("imaer:emissionFactor", _emission("NH3", h.nh3_kg_per_animal_year or 0.0))
        + _el("imaer:emissionFactorType", text=h.emission_factor_type or "PER_ANIMAL_PER_YEAR")
    )
    return _el("imaer:CustomFarmAnimalHousing", body, animalType=h.animal_type)


def _geometry(s: EmissionSource) -> str:
    if s.geometry == "point":
        ((x, y),) = s.coordinates
        point = _el("gml:pos", text=f"{_num(x)} {_num(y)}")
        gml = _el("gml:Point", point, srsName=SRS, gml__id=f"{s.local_id}.POINT")
        return _el("imaer:GM_Point", gml)
    pos = " ".join(f"{_num(x)} {_num(y)}" for x, y in s.coordinates)
    ring = _el("gml:exterior", _el("gml:LinearRing", _el("gml:posList", text=pos)))
    polygon = _el("gml:Polygon", ring, srsName=SRS, gml__id=f"{s.local_id}.SURFACE")
    return _el("imaer:GM_Surface", polygon)


def _source(s: EmissionSource) -> str:
    heat = _el("imaer:SpecifiedHeatContent", _el("imaer:value", text=_num(s.heat_content_mw)))
    characteristics = _el("imaer:heatContent", heat) + _el(
        "imaer:emissionHeight", text=_num(s.emission_height_m)
    )
    if s.spread_m is not None:
        characteristics += _el("imaer:spread", text=_num(s.spread_m))
    parts = [
        _el(
            "imaer:identifier",
            _el(
                "imaer:NEN3610ID",
                _el("imaer:namespace", text="NL.IMAER"),
                _el("imaer:localId", text=s.local_id),
            ),
        ),
        _el("imaer:label", text=s.label) if s.label is not None else "",
        _el(
            "imaer:emissionSourceCharacteristics",
            _el("imaer:EmissionSourceCharacteristics", characteristics),
        ),
        _el("imaer:geometry", _el("imaer:EmissionSourceGeometry", _geometry(s))),
        *(
            _el("imaer:emission", _emission(k, s.emission_kg_per_year.get(k, 0.0)))
            for k in SUBSTANCES
        ),
        *(_el("imaer:animalHousing", _housing(h)) for h in s.animal_housings),
        _el("imaer:established", text=s.established.isoformat()) if s.established else "",
    ]
    feature = _el(f"imaer:{s.element}", *parts, sectorId=s.sector_id, gml__id=s.local_id)
    return _el("imaer:featureMember", feature)


def _metadata(m: Metadata) -> str:
    project = _el("imaer:year", text=str(m.year)) + "".join(
        _el(f"imaer:{tag}", text=value)
        for tag, value in (("name", m.project_name), ("corporation", m.corporation))
        if value
    )
    if m.facility_address:
        street, postcode, city = m.facility_address
        address = (
            _el("imaer:streetAddress", text=street)
            + _el("imaer:postcode", text=postcode)
            + _el("imaer:city", text=city)
        )
        project += _el("imaer:facilityLocation", _el("imaer:Address", address))
    if m.description:
        project += _el("imaer:description", text=m.description)
    situation = "".join(
        _el(f"imaer:{tag}", text=value)
        for tag, value in (
            ("name", m.situation_name),
            ("reference", m.reference),
            ("situationType", m.situation_type),
        )
        if value
    )
    version = "".join(
        _el(f"imaer:{tag}", text=value)
        for tag, value in (
            ("aeriusVersion", m.aerius_version),
            ("databaseVersion", m.database_version),
        )
        if value
    )
    body = _el("imaer:project", _el("imaer:ProjectMetadata", project))
    if situation:
        body += _el("imaer:situation", _el("imaer:SituationMetadata", situation))
    if version:
        body += _el("imaer:version", _el("imaer:VersionMetadata", version))
    if m.gml_creator:
        body += _el("imaer:gmlCreator", text=m.gml_creator)
    return _el("imaer:metadata", _el("imaer:AeriusCalculatorMetadata", body))


def dump(document: ImaerDocument) -> bytes:
    """The document as IMAER 6.0 GML (UTF-8), in the layout AERIUS Calculator 2024 writes."""
    root_open = (
        '<imaer:FeatureCollectionCalculator xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' xmlns:imaer="{IMAER}" xmlns:gml="{GML}" gml:id="NL.IMAER.Collection"'
        f' xsi:schemaLocation="{SCHEMA_LOCATION}">'
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + root_open
        + _metadata(document.metadata)
        + "".join(_source(s) for s in document.sources)
        + "</imaer:FeatureCollectionCalculator>"
    )
    return text.encode("utf-8")
