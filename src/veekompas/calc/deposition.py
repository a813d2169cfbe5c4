"""Long-term NH3 deposition [mol N/ha/yr] of many point and area sources on many receptors: an
indicative Gaussian-plume screening model after OPS-LT, not the legal AERIUS calculation.

Every source is a rectangle in RD New (a point is a rectangle of size 0; a polygon is split into
small rectangles by :func:`polygon_to_rectangles`) with an emission height [m], a vertical spread
[m] and an NH3 emission [kg NH3/yr]. A source contributes to a receptor at distance x [m] and
bearing theta ``E * rho(theta) * K(x) / x`` (see :mod:`veekompas.calc.dispersion`); a rectangle
near the receptor is integrated by sub-sources (finer the closer it is). Pairs farther than the
cut-off (default 25 km, as AERIUS) contribute nothing.

The pair loop is compiled with numba and runs in parallel over receptors, in chunks of receptors
so that memory stays bounded; :func:`deposition_distributed` sends the chunks to a dask cluster.

References
----------
Sauter F. et al., "The OPS-model. Description of OPS 5.1.1.0", RIVM 2023, Eq. 3.8, 3.12-3.14
(sector-averaged long-term plume), section 3.4 (area sources). Conversion 1 kg NH3 = 1000/17.031
mol N (molar mass of NH3 17.031 g/mol, one N per molecule).

Notes
-----
Limits: see docs/deposition-model.md. Every result carries :data:`LABEL`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numba
import numpy as np

from veekompas.calc import dispersion
from veekompas.calc.provenance import UnverifiedFigure, unverified_figure
from veekompas.errors import InputError
from veekompas.norms import table

LABEL = "indicatief — niet de wettelijke AERIUS-berekening"
MOL_N_PER_KG_NH3 = 1000.0 / 17.031
M2_PER_HA = 1.0e4
DEFAULT_CUTOFF_M = 25_000.0
MAX_SUBDIVISIONS = 12
"""Sub-sources per side of a rectangle that contains the receptor; fewer farther away."""
RD_X_RANGE = (-7_000.0, 300_000.0)
RD_Y_RANGE = (289_000.0, 629_000.0)
MAX_EMISSION_HEIGHT_M = 100.0
_DIRECTION_BINS = 3600


@dataclass(frozen=True)
class Sources:
    """Emission sources as rectangles in RD New [m]; a point has width = height = 0."""

    ids: list[str]
    x_m: np.ndarray  # centre
    y_m: np.ndarray
    half_width_m: np.ndarray
    half_height_m: np.ndarray
    emission_height_m: np.ndarray
    spread_m: np.ndarray
    nh3_kg_per_year: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def subset(self, index: np.ndarray) -> Sources:
        index = np.asarray(index)
        return Sources(
            [self.ids[i] for i in index],
            *(getattr(self, f)[index] for f in _ARRAY_FIELDS),
        )


_ARRAY_FIELDS = (
    "x_m",
    "y_m",
    "half_width_m",
    "half_height_m",
    "emission_height_m",
    "spread_m",
    "nh3_kg_per_year",
)


def point_sources(ids, x_m, y_m, emission_height_m, spread_m, nh3_kg_per_year) -> Sources:
    """Point sources (validated)."""
    zeros = np.zeros(len(ids))
    return make_sources(ids, x_m, y_m, zeros, zeros, emission_height_m, spread_m, nh3_kg_per_year)


def rectangle_sources(
    ids, xmin_m, ymin_m, xmax_m, ymax_m, emission_height_m, spread_m, nh3_kg_per_year
) -> Sources:
    """Area sources given by their bounds in RD New [m] (validated)."""
    xmin, ymin, xmax, ymax = (np.asarray(a, dtype=float) for a in (xmin_m, ymin_m, xmax_m, ymax_m))
    if np.any(~(xmax >= xmin)) or np.any(~(ymax >= ymin)):
        bad = int(np.flatnonzero(~((xmax >= xmin) & (ymax >= ymin)))[0])
        raise InputError("xmax_rd", f"source {ids[bad]}: xmax/ymax must be >= xmin/ymin")
    return make_sources(
        ids,
        (xmin + xmax) / 2,
        (ymin + ymax) / 2,
        (xmax - xmin) / 2,
        (ymax - ymin) / 2,
        emission_height_m,
        spread_m,
        nh3_kg_per_year,
    )


def _check(field_name: str, values: np.ndarray, ids, low: float, high: float, what: str) -> None:
    ok = np.isfinite(values) & (values >= low) & (values <= high)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise InputError(field_name, f"row {ids[i]}: {float(values[i])!r} is not {what}")


def make_sources(ids, x_m, y_m, half_w, half_h, height, spread, nh3) -> Sources:
    """Validated :class:`Sources`; bad values raise :class:`InputError` naming the field."""
    ids = [str(i) for i in ids]
    arrays = [np.asarray(a, dtype=float).reshape(-1) for a in (x_m, y_m, half_w, half_h)]
    height, spread, nh3 = (np.asarray(a, dtype=float).reshape(-1) for a in (height, spread, nh3))
    if any(len(a) != len(ids) for a in (*arrays, height, spread, nh3)):
        raise InputError("sources", "all columns must have one value per source")
    _check("x_rd", arrays[0], ids, *RD_X_RANGE, "an RD New x in metres (-7000 to 300000)")
    _check("y_rd", arrays[1], ids, *RD_Y_RANGE, "an RD New y in metres (289000 to 629000)")
    _check("emission_height_m", height, ids, 0.0, MAX_EMISSION_HEIGHT_M, "a height 0-100 m")
    _check("spread_m", spread, ids, 0.0, MAX_EMISSION_HEIGHT_M, "a spread 0-100 m")
    if np.any(spread > height):
        i = int(np.flatnonzero(spread > height)[0])
        raise InputError("spread_m", f"row {ids[i]}: spread must not exceed the emission height")
    _check("nh3_kg_per_year", nh3, ids, 0.0, 1e9, "an emission >= 0 kg NH3/yr")
    return Sources(ids, *arrays, height, spread, nh3)


@dataclass(frozen=True)
class Receptors:
    ids: list[str]
    x_m: np.ndarray
    y_m: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def make_receptors(ids, x_m, y_m) -> Receptors:
    ids = [str(i) for i in ids]
    x, y = (np.asarray(a, dtype=float).reshape(-1) for a in (x_m, y_m))
    if len(x) != len(ids) or len(y) != len(ids):
        raise InputError("receptors", "x_rd and y_rd need one value per receptor")
    _check("x_rd", x, ids, *RD_X_RANGE, "an RD New x in metres (-7000 to 300000)")
    _check("y_rd", y, ids, *RD_Y_RANGE, "an RD New y in metres (289000 to 629000)")
    return Receptors(ids, x, y)


def polygon_to_rectangles(
    source_id: str, ring_xy: np.ndarray, emission_height_m, spread_m, nh3_kg_per_year, cells=20
) -> Sources:
    """An area source given as a polygon ring [m, RD New] as a set of equal grid rectangles whose
    centres lie inside it (about ``cells`` per side of its bounding box), the emission shared
    equally; enough for receptors farther than a cell, and the kernel subdivides further."""
    ring = np.asarray(ring_xy, dtype=float)
    if ring.ndim != 2 or ring.shape[0] < 3 or ring.shape[1] != 2:
        raise InputError("geometry", f"source {source_id}: a polygon needs >= 3 (x, y) points")
    (x0, y0), (x1, y1) = ring.min(axis=0), ring.max(axis=0)
    size = max(x1 - x0, y1 - y0, 1e-3) / cells
    xs = np.arange(x0 + size / 2, x1, size)
    ys = np.arange(y0 + size / 2, y1, size)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    inside = _points_in_ring(gx, gy, ring)
    if not inside.any():
        gx, gy, inside = np.array([ring[:, 0].mean()]), np.array([ring[:, 1].mean()]), [True]
    gx, gy = gx[inside], gy[inside]
    n = len(gx)
    ids = [f"{source_id}#{i}" for i in range(n)]
    half = np.full(n, size / 2)
    return make_sources(
        ids,
        gx,
        gy,
        half,
        half,
        np.full(n, emission_height_m),
        np.full(n, spread_m),
        np.full(n, nh3_kg_per_year / n),
    )


def _points_in_ring(px, py, ring) -> np.ndarray:
    """Even-odd rule, vectorised over points."""
    inside = np.zeros(len(px), dtype=bool)
    xj, yj = ring[-1]
    for xi, yi in ring:
        crosses = (yi > py) != (yj > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = (xj - xi) * (py - yi) / (yj - yi) + xi
        inside ^= crosses & (px < x_at)
        xj, yj = xi, yi
    return inside


@cache
def _direction_density() -> tuple[np.ndarray, tuple[UnverifiedFigure, ...]]:
    """rho(theta) [1/rad] at _DIRECTION_BINS bearings (source -> receptor, clockwise from north):
    the frequency of wind FROM theta + 180 degrees, linearly interpolated between sector centres
    (OPS section 1.3.4: values at other directions interpolated between adjacent classes)."""
    norm = table("wind_direction_sectors")
    rows = norm.rows
    centres = np.array([r["direction_from_deg"] for r in rows], dtype=float)
    freq = np.array([r["frequency_percent"] for r in rows], dtype=float)
    freq = freq / freq.sum()
    sector_rad = 2 * np.pi / len(rows)
    bearing = (np.arange(_DIRECTION_BINS) + 0.5) * 360.0 / _DIRECTION_BINS
    wind_from = (bearing + 180.0) % 360.0
    order = np.argsort(centres)
    c, f = centres[order], freq[order]
    density = np.interp(wind_from, np.concatenate([c - 360, c, c + 360]), np.tile(f, 3))
    density = density / sector_rad
    density *= 1.0 / (density.mean() * 2 * np.pi)  # exact normalisation: integral over 2 pi = 1
    flagged = tuple(unverified_figure(norm, r) for r in rows if r.get("unverified"))
    return density, flagged


@dataclass
class DepositionResult:
    """Deposition per receptor [mol N/ha/yr] with the label and what it rests on."""

    receptor_ids: list[str]
    deposition_mol_n_per_ha_year: np.ndarray
    cutoff_m: float
    label: str = LABEL
    norm_versions: list[str] = field(default_factory=list)
    unverified: list[UnverifiedFigure] = field(default_factory=list)
    pairs_evaluated: int = 0


def _kernel_tables(sources: Sources, cutoff_m: float):
    """One radial-kernel table per distinct (height, spread) on a common log grid."""
    keys = np.round(np.stack([sources.emission_height_m, sources.spread_m], axis=1), 2)
    unique, group = np.unique(keys, axis=0, return_inverse=True)
    grid = dispersion.distance_grid(cutoff_m * 1.01 + 10.0)
    kernels = np.stack([dispersion.radial_kernel(grid, h, s) for h, s in unique])
    return grid, kernels, group.reshape(-1).astype(np.int64)


@numba.njit(parallel=True, fastmath=False, cache=True)
def _deposition_kernel(
    rx, ry, sx, sy, shw, shh, emis, group, log_x0, inv_dlog, kernels, density, cutoff, max_sub
):
    n_rec = rx.shape[0]
    n_src = sx.shape[0]
    n_grid = kernels.shape[1]
    n_dir = density.shape[0]
    out = np.zeros(n_rec)
    pairs = np.zeros(n_rec, dtype=np.int64)
    two_pi = 2.0 * math.pi
    mean_density = 1.0 / two_pi
    cut2 = cutoff * cutoff
    for i in numba.prange(n_rec):
        acc = 0.0
        count = 0
        for j in range(n_src):
            dx = rx[i] - sx[j]
            dy = ry[i] - sy[j]
            d2 = dx * dx + dy * dy
            if d2 > cut2 or emis[j] == 0.0:
                continue
            count += 1
            size = 2.0 * max(shw[j], shh[j])
            ex = max(abs(dx) - shw[j], 0.0)
            ey = max(abs(dy) - shh[j], 0.0)
            edge = math.sqrt(ex * ex + ey * ey)
            n = 1
            if size > 0.0:
                n = math.ceil(2.0 * size / (edge + size / max_sub))
                n = min(max(n, 1), max_sub)
            nx = max(1, math.ceil(n * shw[j] * 2.0 / size)) if size > 0.0 else 1
            ny = max(1, math.ceil(n * shh[j] * 2.0 / size)) if size > 0.0 else 1
            subw = 2.0 * shw[j] / nx
            subh = 2.0 * shh[j] / ny
            r_small = 0.284 * math.sqrt(subw * subh)  # mean of 1/r over a square: 3.525/side
            half_diag = 0.5 * math.sqrt(subw * subw + subh * subh)
            kern = kernels[group[j]]
            part = 0.0
            for a in range(nx):
                cx = sx[j] - shw[j] + (a + 0.5) * subw
                for b in range(ny):
                    cy = sy[j] - shh[j] + (b + 0.5) * subh
                    px = rx[i] - cx
                    py = ry[i] - cy
                    r = math.sqrt(px * px + py * py)
                    if r < half_diag and r_small > 0.0:
                        rho = mean_density
                        r = max(r, r_small)
                    else:
                        theta = math.atan2(px, py)
                        if theta < 0.0:
                            theta += two_pi
                        k = int(theta * n_dir / two_pi)
                        rho = density[min(k, n_dir - 1)]
                    if r < 1.0:
                        r = 1.0
                    pos = (math.log(r) - log_x0) * inv_dlog
                    m = int(pos)
                    if m >= n_grid - 1:
                        kv = kernels[group[j], n_grid - 1]
                    else:
                        w = pos - m
                        kv = kern[m] * (1.0 - w) + kern[m + 1] * w
                    part += rho * kv / r
            acc += emis[j] * part / (nx * ny)
        out[i] = acc
        pairs[i] = count
    return out, pairs


def _prepare(sources: Sources, cutoff_m: float):
    if not (np.isfinite(cutoff_m) and 0 < cutoff_m <= 100_000):
        raise InputError("cutoff_km", f"{cutoff_m / 1000:g} is not a distance of 0-100 km")
    grid, kernels, group = _kernel_tables(sources, cutoff_m)
    density, flagged = _direction_density()
    log_x0 = math.log(grid[0])
    inv_dlog = (len(grid) - 1) / (math.log(grid[-1]) - log_x0)
    mol_per_year = sources.nh3_kg_per_year * MOL_N_PER_KG_NH3 * M2_PER_HA
    args = (
        np.ascontiguousarray(sources.x_m),
        np.ascontiguousarray(sources.y_m),
        np.ascontiguousarray(sources.half_width_m),
        np.ascontiguousarray(sources.half_height_m),
        mol_per_year,
        group,
        log_x0,
        inv_dlog,
        kernels,
        density,
        float(cutoff_m),
        MAX_SUBDIVISIONS,
    )
    return args, flagged


def _provenance() -> tuple[list[str], list[UnverifiedFigure]]:
    _, flagged = _direction_density()
    versions = [table(n).version for n in ("ops_meteo_classes", "wind_direction_sectors")]
    return versions, list(flagged)


def deposition(
    sources: Sources,
    receptors: Receptors,
    *,
    cutoff_m: float = DEFAULT_CUTOFF_M,
    chunk_size: int = 8192,
    progress: Callable[[int], None] | None = None,
) -> DepositionResult:
    """NH3 + NH4+ deposition [mol N/ha/yr] of all ``sources`` on every receptor.

    Parameters
    ----------
    sources : Sources
        Rectangles/points in RD New [m], emission height and spread [m], NH3 [kg NH3/yr].
    receptors : Receptors
        Points in RD New [m].
    cutoff_m : float
        Source-receptor distance [m] (from the source centre) beyond which a source contributes
        nothing; 25,000 m as AERIUS by default.
    chunk_size : int
        Receptors per chunk (memory stays O(chunk_size + sources)).
    progress : callable, optional
        Called with the number of receptors done after each chunk.
    """
    if not (np.isfinite(cutoff_m) and 0 < cutoff_m <= 100_000):
        raise InputError("cutoff_km", f"{cutoff_m / 1000:g} is not a distance of 0-100 km")
    out = np.zeros(len(receptors))
    pairs = 0
    versions, flagged = _provenance()
    if len(sources) == 0:
        return DepositionResult(list(receptors.ids), out, cutoff_m, LABEL, versions, flagged, 0)
    args, _ = _prepare(sources, cutoff_m)
    for start in range(0, len(receptors), chunk_size):
        stop = min(start + chunk_size, len(receptors))
        dep, count = _deposition_kernel(receptors.x_m[start:stop], receptors.y_m[start:stop], *args)
        out[start:stop] = dep
        pairs += int(count.sum())
        if progress is not None:
            progress(stop - start)
    return DepositionResult(list(receptors.ids), out, cutoff_m, LABEL, versions, flagged, pairs)


def _chunk_job(sources: Sources, rx: np.ndarray, ry: np.ndarray, cutoff_m: float):
    args, _ = _prepare(sources, cutoff_m)
    dep, count = _deposition_kernel(rx, ry, *args)
    return dep, int(count.sum())


def deposition_distributed(
    client,
    sources: Sources,
    receptors: Receptors,
    *,
    cutoff_m: float = DEFAULT_CUTOFF_M,
    chunk_size: int = 8192,
) -> DepositionResult:
    """The same as :func:`deposition`, with the receptor chunks computed on a dask.distributed
    ``client`` (sources scattered once to every worker). Each receptor's sum is computed in the
    same order as locally, so the numbers are identical."""
    [remote_sources] = client.scatter([sources], broadcast=True)
    starts = list(range(0, len(receptors), chunk_size))
    futures = [
        client.submit(
            _chunk_job,
            remote_sources,
            receptors.x_m[s : s + chunk_size],
            receptors.y_m[s : s + chunk_size],
            cutoff_m,
            pure=False,
        )
        for s in starts
    ]
    results = client.gather(futures)
    out = np.concatenate([r[0] for r in results]) if results else np.zeros(0)
    versions, flagged = _provenance()
    pairs = sum(r[1] for r in results)
    return DepositionResult(list(receptors.ids), out, cutoff_m, LABEL, versions, flagged, pairs)


def concat_sources(parts: Sequence[Sources]) -> Sources:
    """Several source sets as one."""
    ids = [i for p in parts for i in p.ids]
    arrays = [np.concatenate([getattr(p, f) for p in parts]) for f in _ARRAY_FIELDS]
    return Sources(ids, *arrays)
