"""Screening estimate of the 98th percentile of hourly odour concentrations around a farm.

Not V-Stacks vergunning (the legal model, Rgv art. 2): a Gaussian plume over a documented
climatology of hourly weather classes, vectorised with numpy. Every hour of the year is
represented by one of 6 stability classes (OPS, KNMI 1990-1999) x ``n_directions`` wind
directions, with the class frequency times the direction weight as its share of the hours; the
P98 at a receptor is the concentration exceeded in 2% of the hours. Equations, parameters and
references: ``docs/odour-model.md``.

Notes
-----
Valid as a screening for ground-level receptors (1.5 m) at about 25 m to 3 km from low sources
(emission height 2-15 m) over flat, open land. No plume rise (conservative for fans), no building
wake model other than an initial spread, no mixing-height reflection (the lowest class mean is
42 m; within 3 km the plume stays below it for most classes), wind direction uniform unless
``direction_weights`` are given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

LABEL = "indicatief — niet de wettelijke V-Stacks-berekening"
EXCEEDANCE = 0.02  # P98: exceeded in 2% of the hours


@dataclass(frozen=True)
class Climate:
    """Hourly weather classes: frequency [-], wind speed at 10 m [m/s], Pasquill class.

    Default: OPS classes U1, U2, N1, N2, S1, S2 with the frequencies and 10 m wind speeds of
    RIVM, *The OPS-model, description of OPS 5.1.1.0* (2023), Table 2.5 (KNMI observations
    1990-1999); the Pasquill class from each class's Monin-Obukhov length (Table 2.5: -47, -64,
    196, 701, 6, 32 m) by the L ranges of Table 2.3 (z0 = 0.1 m): C, C, D, D, F, E.
    """

    names: tuple[str, ...] = ("U1", "U2", "N1", "N2", "S1", "S2")
    frequency: tuple[float, ...] = (0.10, 0.22, 0.18, 0.17, 0.13, 0.20)
    wind_speed_10m: tuple[float, ...] = (2.5, 3.9, 3.9, 6.9, 1.3, 2.6)
    pasquill: tuple[str, ...] = ("C", "C", "D", "D", "F", "E")
    roughness_m: float = 0.1  # z0 for the wind profile (OPS Table 2.3 reference)


NL_CLIMATE = Climate()

# Briggs (1973) open-country sigma curves as given by Hanna, Briggs & Hosker (1982), Handbook on
# Atmospheric Diffusion, Table 4.5: sigma_y = a x (1 + 1e-4 x)^-1/2; sigma_z = b x (1 + c x)^d.
_SIGMA_Y_A = {"A": 0.22, "B": 0.16, "C": 0.11, "D": 0.08, "E": 0.06, "F": 0.04}
_SIGMA_Z = {
    "A": (0.20, 0.0, 0.0),
    "B": (0.12, 0.0, 0.0),
    "C": (0.08, 2e-4, -0.5),
    "D": (0.06, 1.5e-3, -0.5),
    "E": (0.03, 3e-4, -1.0),
    "F": (0.016, 3e-4, -1.0),
}
# Pasquill-Gifford curves hold for about 10-minute averages; hourly means spread wider laterally:
# sigma_y(60 min) = sigma_y(10 min) (60/10)^0.2 (Turner 1970, Workbook of atmospheric dispersion
# estimates, eq. 3.1 with p = 0.2).
HOURLY_SIGMA_Y = (60.0 / 10.0) ** 0.2


def sigma_y(x_m: np.ndarray, pasquill: str) -> np.ndarray:
    """Hourly lateral spread [m] at downwind distance ``x_m`` [m]."""
    return HOURLY_SIGMA_Y * _SIGMA_Y_A[pasquill] * x_m / np.sqrt(1.0 + 1e-4 * x_m)


def sigma_z(x_m: np.ndarray, pasquill: str) -> np.ndarray:
    """Vertical spread [m] at downwind distance ``x_m`` [m]."""
    b, c, d = _SIGMA_Z[pasquill]
    return b * x_m * (1.0 + c * x_m) ** d


def wind_speed(height_m: float, u10: float, z0: float) -> float:
    """Wind speed [m/s] at ``height_m`` from the 10 m speed by the neutral log profile."""
    h = max(height_m, 2.0)
    return u10 * np.log(h / z0) / np.log(10.0 / z0)


def _direction_weights(n: int, weights: Sequence[float] | None) -> np.ndarray:
    """Share of the hours per wind direction (n equal steps, the direction the wind comes FROM)."""
    if weights is None:
        return np.full(n, 1.0 / n)
    w = np.asarray(weights, dtype=np.float64)
    sector = (np.arange(n) * len(w) / n + 0.5).astype(int) % len(w)  # sector 0 centred on north
    per_dir = w[sector]
    return per_dir / per_dir.sum()


def hourly_concentrations(
    sources: np.ndarray,
    receptors: np.ndarray,
    climate: Climate = NL_CLIMATE,
    n_directions: int = 360,
    receptor_height_m: float = 1.5,
) -> np.ndarray:
    """Concentration [ouE/m3] at each receptor in each weather class, shape (R, 6 x n_dir).

    ``sources``: array (S, 6) of x [m], y [m], emission [ouE/s], height [m], initial vertical
    spread [m], initial lateral spread [m]. ``receptors``: array (R, 2) of x, y [m] (RD New).
    """
    to_dir = np.deg2rad(np.arange(n_directions) * 360.0 / n_directions + 180.0)
    sin_t, cos_t = np.sin(to_dir), np.cos(to_dir)
    out = np.zeros((len(receptors), len(climate.names), n_directions))
    classes: dict[str, list[int]] = {}
    for k, pg in enumerate(climate.pasquill):
        classes.setdefault(pg, []).append(k)
    for sx, sy, q, h, sz0, sy0 in sources:
        dx = receptors[:, 0] - sx
        dy = receptors[:, 1] - sy
        # along-wind and cross-wind distance for the wind blowing towards to_dir (bearing from N)
        x = dx[:, None] * sin_t + dy[:, None] * cos_t
        down = x > 0.5  # only downwind receptor-direction pairs are computed
        xd = x[down]
        y2 = (dx[:, None] * cos_t - dy[:, None] * sin_t)[down] ** 2
        for pg, ks in classes.items():  # classes with the same Pasquill class share the shape
            s_y2 = sigma_y(xd, pg) ** 2 + sy0**2
            s_z2 = sigma_z(xd, pg) ** 2 + sz0**2
            vertical = np.exp(-((receptor_height_m - h) ** 2) / (2 * s_z2)) + np.exp(
                -((receptor_height_m + h) ** 2) / (2 * s_z2)
            )
            shape = q / (2 * np.pi * np.sqrt(s_y2 * s_z2)) * np.exp(-y2 / (2 * s_y2)) * vertical
            for k in ks:
                u = wind_speed(h, climate.wind_speed_10m[k], climate.roughness_m)
                out[:, k, :][down] += shape / u
    return out.reshape(len(receptors), -1)


def percentile_98(
    concentrations: np.ndarray, weights: np.ndarray, exceedance: float = EXCEEDANCE
) -> np.ndarray:
    """Per row, the value exceeded in at most ``exceedance`` of the (weighted) hours.

    The smallest value v with P(C <= v) >= 1 - exceedance (the inverted CDF at 98%): the highest
    values are summed from the top until their share of the hours passes ``exceedance``.
    """
    positive = weights[weights > 0]
    top = min(concentrations.shape[1], int(np.ceil(exceedance / positive.min())) + 2)
    if top < concentrations.shape[1]:  # only the highest values matter: partition, then sort
        part = np.argpartition(-concentrations, top - 1, axis=1)[:, :top]
        concentrations = np.take_along_axis(concentrations, part, axis=1)
        weights_2d = weights[part]
    else:
        weights_2d = np.broadcast_to(weights, concentrations.shape)
    order = np.argsort(-concentrations, axis=1)
    values = np.take_along_axis(concentrations, order, axis=1)
    cum = np.cumsum(np.take_along_axis(weights_2d, order, axis=1), axis=1)
    first = np.argmax(cum > exceedance + 1e-12, axis=1)
    return values[np.arange(len(values)), first]


def p98(
    sources: np.ndarray,
    receptors: np.ndarray,
    climate: Climate = NL_CLIMATE,
    n_directions: int = 360,
    direction_weights: Sequence[float] | None = None,
    receptor_height_m: float = 1.5,
    chunk: int = 2000,
) -> np.ndarray:
    """P98 of hourly odour concentration [ouE/m3] at each receptor (see module docstring)."""
    w = (
        np.asarray(climate.frequency)[:, None]
        * _direction_weights(n_directions, direction_weights)[None, :]
    ).ravel()
    w = w / w.sum()
    out = np.empty(len(receptors))
    for start in range(0, len(receptors), chunk):
        part = receptors[start : start + chunk]
        conc = hourly_concentrations(sources, part, climate, n_directions, receptor_height_m)
        out[start : start + chunk] = percentile_98(conc, w)
    return out
