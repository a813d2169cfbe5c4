"""RD New <-> WGS84 at the border: close to a published reference point, and an exact round
trip at millimetre precision."""

from __future__ import annotations

import math

import numpy as np

from veekompas.geo import rd_to_wgs84, wgs84_to_rd


def test_amersfoort_origin_is_within_a_metre_of_the_published_wgs84_position():
    """RD (155000, 463000) is 52.15517440 N, 5.38720621 E: the reference point of
    Schreutelkamp & Strang van Hees, 'Benaderingsformules voor de transformatie tussen RD- en
    WGS84-kaartcoördinaten' (2001), as quoted by nedcad.nl/concept/coordinaat-transformaties.
    The Helmert transformation PROJ uses without the RDNAPTRANS grid (EPSG:4833) is stated as
    accurate to 1 m."""
    lon, lat = rd_to_wgs84([155_000.0], [463_000.0])
    north_m = (lat[0] - 52.15517440) * 111_250  # metres per degree of latitude at 52 N
    east_m = (lon[0] - 5.38720621) * 111_250 * math.cos(math.radians(52.155))
    assert math.hypot(north_m, east_m) < 1.0


def test_round_trip_through_nine_decimals_gives_the_same_millimetre():
    rng = np.random.default_rng(20260401)
    x = np.round(rng.uniform(0, 300_000, 200_000), 3)
    y = np.round(rng.uniform(289_000, 630_000, 200_000), 3)
    lon, lat = rd_to_wgs84(x, y)
    x2, y2 = wgs84_to_rd(np.round(lon, 9), np.round(lat, 9))
    assert np.array_equal(np.round(x2, 3), x) and np.array_equal(np.round(y2, 3), y)
    assert max(np.abs(x2 - x).max(), np.abs(y2 - y).max()) < 0.0002  # metres


def test_locations_are_held_at_millimetre_precision():
    from veekompas.domain.registry import Location

    location = Location(x_rd=172_000.12349, y_rd=460_000.0005001)
    assert (location.x_rd, location.y_rd) == (172_000.123, 460_000.001)
