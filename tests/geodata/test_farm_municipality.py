"""A farm's municipality from its location (domain/farm_municipality.py, RegistryFarm): derived
when blank or missing, and a Dutch warning (never an error) when the location lies in another
municipality farther than the boundaries' generalisation."""

import pytest
import shapely
from pydantic import ValidationError

from veekompas.domain.farm_municipality import municipality_of_location, municipality_warning
from veekompas.domain.registry import RegistryFarm
from veekompas.geodata import municipalities as m


def _inside(name: str) -> tuple[float, float]:
    point = shapely.point_on_surface(m.municipality(name).geometry)
    return point.x, point.y


@pytest.mark.parametrize("given", [None, "", "  "])
def test_a_blank_municipality_is_the_one_at_the_location(given):
    x, y = _inside("Renswoude")
    data = {"ubn": "1", "name": "Hoeve", "location": {"x_rd": x, "y_rd": y}}
    if given is not None:
        data["municipality"] = given
    assert RegistryFarm.model_validate(data).municipality == "Renswoude"


def test_a_given_municipality_is_kept_even_when_the_location_disagrees():
    x, y = _inside("Renswoude")
    farm = RegistryFarm(ubn="1", name="Hoeve", municipality="Ede", location={"x_rd": x, "y_rd": y})
    assert farm.municipality == "Ede"


def test_a_location_in_no_municipality_needs_the_field():
    with pytest.raises(ValidationError) as exc:
        RegistryFarm(ubn="1", name="Hoeve", location={"x_rd": 5_000, "y_rd": 300_000})
    (error,) = exc.value.errors()
    assert error["loc"] == ("municipality",) and "vul de gemeente in" in error["msg"]


def test_a_bad_location_is_reported_once_not_also_as_a_missing_municipality():
    with pytest.raises(ValidationError) as exc:
        RegistryFarm(ubn="1", name="Hoeve", location={"x_rd": "x", "y_rd": 450_000})
    assert [e["loc"] for e in exc.value.errors()] == [("location", "x_rd")]


def test_warning_beyond_the_generalisation_only():
    ede = m.municipality("Ede").geometry
    x, y = _inside("Renswoude")
    assert municipality_of_location(x, y) == "Renswoude"
    assert municipality_warning("Renswoude", x, y) is None
    far = municipality_warning("Ede", x, y)
    assert far is not None and far.startswith("Let op:") and "gemeente Renswoude" in far
    assert " km buiten de opgegeven gemeente Ede" in far
    # a point 50 m outside Ede (within the 100 m generalisation) gives no warning
    ring = shapely.buffer(ede, 50.0).exterior
    outside = shapely.Point(shapely.get_coordinates(ring)[0])
    assert 49 < shapely.distance(ede, outside) <= m.GENERALISATION_M
    assert municipality_warning("Ede", outside.x, outside.y) is None


def test_an_unknown_municipality_name_is_a_warning_too():
    x, y = _inside("Ede")
    text = municipality_warning("Lunteren", x, y)
    assert text is not None and "'Lunteren' is geen gemeente van 2024" in text
