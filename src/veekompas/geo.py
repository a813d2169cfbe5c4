"""RD New (EPSG:28992) <-> WGS84 (EPSG:4326) for the borders of the product (GeoJSON, web maps).

Inside, coordinates are RD New metres; WGS84 longitude/latitude [degrees] only at the border.

Notes
-----
PROJ (through pyproj, ``always_xy=True``) chooses the transformation; without the RDNAPTRANS
grid installed it is EPSG:4833 "Amersfoort to WGS 84 (4)", a 7-parameter Helmert shift whose
stated accuracy is 1 m (it also takes ETRS89 as equal to WGS 84). That is the accuracy of a WGS84
position, not of the round trip: :func:`wgs84_to_rd` inverts :func:`rd_to_wgs84` to well below
a millimetre (one correction step on PROJ's inverse, which alone is off by up to 0.6 mm).

References
----------
EPSG Geodetic Parameter Dataset, transformation code 4833, "Amersfoort to WGS 84 (4)",
accuracy 1 m (as shipped in PROJ 9.5's proj.db, read with pyproj 3.7).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike
from pyproj import Transformer
from pyproj.enums import TransformDirection

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"


@lru_cache(maxsize=1)
def _rd_to_wgs84() -> Transformer:
    # pyproj >= 3.1 transformers are thread-safe, so one cached instance serves every thread.
    return Transformer.from_crs(RD_NEW, WGS84, always_xy=True)


def rd_to_wgs84(x_rd: ArrayLike, y_rd: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """RD New x, y [m] to WGS84 longitude, latitude [degrees] (arrays, vectorised)."""
    x, y = np.asarray(x_rd, dtype=float), np.asarray(y_rd, dtype=float)
    lon, lat = _rd_to_wgs84().transform(x, y, errcheck=True)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def wgs84_to_rd(lon: ArrayLike, lat: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 longitude, latitude [degrees] to RD New x, y [m], the exact inverse of
    :func:`rd_to_wgs84` (PROJ's inverse plus one correction step; arrays, vectorised).

    Points outside what PROJ can transform come back as NaN or inf.
    """
    t = _rd_to_wgs84()
    inverse = TransformDirection.INVERSE
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    x, y = (np.asarray(v, dtype=float) for v in t.transform(lon, lat, direction=inverse))
    # the error of PROJ's inverse is smooth: measure it at the first answer and take it off
    again = t.transform(*t.transform(x, y), direction=inverse)
    return 2 * x - np.asarray(again[0]), 2 * y - np.asarray(again[1])
