"""The registry as GeoJSON (RFC 7946): a FeatureCollection with one Point per farm in WGS84.

``geometry.coordinates`` is [longitude, latitude] in degrees with 9 decimals (0.1 mm);
``properties`` holds the farm's fields (``place`` and the succession fields flat, no RD x/y) and
``housings``, ``animals`` and ``crops`` as arrays of objects. On import the point goes back to
RD New and is rounded to millimetres, so export -> import gives the same farms. Problems name the
feature by its index in ``features`` (0-based) and a nested record by its array index.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import replace
from typing import Any

import ijson

from veekompas import __version__
from veekompas.domain.registry import RegistryFarm
from veekompas.errors import InputError
from veekompas.geo import rd_to_wgs84, wgs84_to_rd
from veekompas.store.exchange.limits import ImportLimits, resolved, too_many_records
from veekompas.store.exchange.records import (
    CHILD_MODELS,
    COLUMNS,
    FARM_FIELDS,
    ParseResult,
    Problem,
    Row,
    child_values,
    farm_records,
    parse_rows,
    text,
)

DECIMALS = 9
PROPERTIES = tuple(f for f in FARM_FIELDS if f not in ("x_rd", "y_rd"))
ARRAYS = {record: attr for record, (_, attr) in CHILD_MODELS.items()}
_CHILD_ITEMS = {f"features.item.properties.{attr}.item" for attr in ARRAYS.values()}
# A farm feature holds 7 JSON objects and arrays (feature, geometry, coordinates, properties,
# housings, animals, crops) and one per nested record, and about 30 values (a nested record
# about 6): these bounds per record hold any real file and keep the memory of a file bounded.
CONTAINERS_PER_RECORD = 10
VALUES_PER_RECORD = 40
MAX_DEPTH = 20  # a registry GeoJSON nests 7 deep


def _json_value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def farms_to_geojson(farms: list[RegistryFarm]) -> str:
    """One feature per line, so a diff of two exports shows the farms that changed."""
    lon, lat = rd_to_wgs84([f.location.x_rd for f in farms], [f.location.y_rd for f in farms])
    lines = []
    for i, farm in enumerate(farms):
        top = next(farm_records(farm))
        props: dict[str, Any] = {k: top[k] for k in PROPERTIES}
        for record, items in child_values(farm).items():
            props[ARRAYS[record]] = [{k: _json_value(v) for k, v in c.items()} for c in items]
        point = [round(float(lon[i]), DECIMALS), round(float(lat[i]), DECIMALS)]
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": point}}
        feature["properties"] = props
        lines.append(json.dumps(feature, ensure_ascii=False))
    meta = {"software": f"veekompas {__version__}", "source_crs": "EPSG:28992"}
    head = '{"type": "FeatureCollection", "veekompas": ' + json.dumps(meta) + ', "features": ['
    return head + "\n" + ",\n".join(lines) + ("\n" if lines else "") + "]}\n"


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else text(value)


def _point(geometry: Any) -> tuple[float, float] | str:
    """(lon, lat) of a Point geometry, or the reason it is not one."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return "must be a GeoJSON Point"
    coords = geometry.get("coordinates")
    if (
        not isinstance(coords, list)
        or len(coords) not in (2, 3)
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
        or not all(math.isfinite(c) for c in coords)
    ):
        return "coordinates must be [longitude, latitude] in degrees"
    lon, lat = coords[0], coords[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return "coordinates must be [longitude, latitude] in degrees (WGS84)"
    return float(lon), float(lat)


def _json_error(exc: Exception) -> InputError:
    """The parser's reason, its first line only (yajl adds the text around the error)."""
    reason = exc.args[0] if exc.args else ""
    if isinstance(reason, bytes):
        reason = reason.decode("utf-8", "replace")
    lines = str(reason).strip().splitlines() or [type(exc).__name__]
    return InputError("FILE", f"not valid JSON ({lines[0]})")


def _kept_keys() -> dict[str, frozenset[str]]:
    """The keys read from each kind of object (by its ijson prefix); others are skipped."""
    kept = {
        "features.item": frozenset({"type", "geometry", "properties"}),
        "features.item.geometry": frozenset({"type", "coordinates"}),
        "features.item.properties": frozenset({*PROPERTIES, *ARRAYS.values()}),
    }
    for model, attr in CHILD_MODELS.values():
        kept[f"features.item.properties.{attr}.item"] = frozenset(model.model_fields)
    return kept


KEPT_KEYS = _kept_keys()


_OPEN = frozenset({"start_map", "start_array"})
_CLOSE = frozenset({"end_map", "end_array"})
_SCALARS = frozenset({"string", "number", "boolean", "null"})


def _features(data: bytes | str, lim: ImportLimits) -> list[Any]:
    """The FeatureCollection's features, read as a stream of JSON events (ijson) and built from
    the keys a registry file has only (others are skipped as they stream by). Records (features
    and nested records), JSON containers and kept values are counted as they arrive, each
    bounded per record, and nesting is bounded, so a file past the limits is refused before it
    is loaded. (One tight loop: it runs once per JSON token.)"""
    raw = data.encode("utf-8") if isinstance(data, str) else data.removeprefix(b"\xef\xbb\xbf")
    limit = lim.max_records
    max_containers, max_values = CONTAINERS_PER_RECORD * limit, VALUES_PER_RECORD * limit
    features: list[Any] = []
    builder: Any = None
    depth = records = containers = values = 0
    key: Any = None
    doc_type: object = None
    found = in_features = False
    skip_to = -1  # the depth at which a skipped value ends
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(raw), use_float=True):
            before = depth
            if event in _OPEN:
                depth += 1
                containers += 1
                if containers > max_containers:
                    raise too_many_records(limit)
                if depth > MAX_DEPTH:
                    raise InputError("FILE", f"JSON nested deeper than {MAX_DEPTH} levels")
            elif event in _CLOSE:
                depth -= 1
            if skip_to >= 0:
                if depth == skip_to:
                    skip_to = -1
                continue
            if in_features and before >= 2:
                if before == 2 and event == "end_array":
                    in_features = False
                    continue
                if event == "map_key":
                    kept = KEPT_KEYS.get(prefix)
                    if kept is not None and value not in kept:
                        skip_to = depth  # leave out the value of a key no registry file has
                        continue
                elif event in _SCALARS:
                    values += 1
                    if values > max_values:
                        raise too_many_records(limit)
                if builder is None or (event == "start_map" and prefix in _CHILD_ITEMS):
                    records += 1
                    if records > limit:
                        raise too_many_records(limit)
                    if builder is None:
                        builder = ijson.ObjectBuilder()
                builder.event(event, value)
                if depth == 2:
                    features.append(builder.value)
                    builder = None
            elif before == 0 and event != "start_map":
                raise InputError("FILE", "expected a GeoJSON FeatureCollection")
            elif before == 1:
                if event == "map_key" or event == "end_map":
                    key = value
                elif key == "type":
                    doc_type = value if event == "string" else None
                elif key == "features":
                    if event != "start_array":
                        raise InputError("FILE", "a FeatureCollection needs a 'features' array")
                    found = in_features = True
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        raise _json_error(exc) from None
    if doc_type != "FeatureCollection":
        raise InputError("FILE", "expected a GeoJSON FeatureCollection")
    if not found:
        raise InputError("FILE", "a FeatureCollection needs a 'features' array")
    return features


def parse_geojson(data: bytes | str, bounds: ImportLimits | None = None) -> ParseResult:
    """Validate every feature and nested record; see :func:`records.parse_rows`."""
    features = _features(data, resolved(bounds))
    points = [_point(f.get("geometry") if isinstance(f, dict) else None) for f in features]
    good = [i for i, p in enumerate(points) if not isinstance(p, str)]
    x, y = wgs84_to_rd([points[i][0] for i in good], [points[i][1] for i in good])
    rd = {i: (float(x[k]), float(y[k])) for k, i in enumerate(good)}
    rows: list[Row] = []
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            reason = "must be a Feature with a 'properties' object"
            problem = Problem(i, "properties", _shown(props), reason, "feature")
            rows.append(Row("farm", {}, i, "feature", problems=(problem,), reported=COLUMNS))
            continue
        values = {k: props.get(k) for k in PROPERTIES}
        problems = []
        if i in rd and all(math.isfinite(v) for v in rd[i]):
            values["x_rd"], values["y_rd"] = round(rd[i][0], 3), round(rd[i][1], 3)
        else:
            geometry = feature.get("geometry")
            shown = _shown(geometry.get("coordinates") if isinstance(geometry, dict) else None)
            reason = points[i] if isinstance(points[i], str) else "outside what RD New can hold"
            problems.append(Problem(i, "geometry", shown, reason, "feature"))
        for record, attr in ARRAYS.items():
            items = props.get(attr) or []
            if not isinstance(items, list):
                problems.append(Problem(i, attr, _shown(items), "must be an array", "feature"))
                continue
            for j, item in enumerate(items):
                if not isinstance(item, dict):
                    reason = "must be an object"
                    problems.append(Problem(i, f"{attr}[{j}]", _shown(item), reason, "feature"))
                    continue
                child = Row(record, {**item, "ubn": props.get("ubn")}, i, "feature")
                rows.append(replace(child, prefix=f"{attr}[{j}]."))
        farm = Row("farm", values, i, "feature", problems=tuple(problems))
        rows.append(replace(farm, reported=("x_rd", "y_rd")) if problems else farm)
    return parse_rows(rows)
