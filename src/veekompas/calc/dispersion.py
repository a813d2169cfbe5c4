"""Plume kernels of the NH3 screening model: the long-term deposition of one point source as a
function of distance, following the OPS-LT model description.

For each of the six OPS stability/mixing-height classes this module computes, on a distance grid,
the vertical dispersion length sigma_z, the vertical dispersion factor Dz with reflection at the
ground and the top of the mixing layer, the source depletion by dry deposition, wet deposition and
conversion to NH4+, and the resulting dry + wet deposition of NH3 and NH4+. The sum over classes,
weighted by their frequencies, is the *radial kernel* K(x) [1/m]: a source of emission Q0 gives at
distance x and bearing theta the deposition ``Q0 * rho(theta) * K(x) / x`` (``rho`` the density of
the wind direction per radian, OPS Eq. 3.8/3.12-3.14). :mod:`veekompas.calc.deposition` sums that
over sources and receptors.

References
----------
Sauter F. et al., "The OPS-model. Description of OPS 5.1.1.0", RIVM, 2023-07-05: Eq. 3.5-3.6 (mass
balance), 3.8 (sector dispersion), 3.11-3.14 (concentration, dry and wet deposition), 3.15 (Dz),
3.20-3.31 (sigma_z), 2.13-2.15 (wind profile), 5.7-5.8 (Rb), 5.19 (source depletion), 6.5, 6.9,
6.10, 6.12 (wet scavenging), Table 2.5 (class statistics), Table 6.1 (NH3 scavenging).
Duyzer J., "Dry deposition of ammonia and ammonium aerosols over heathland", J. Geophys. Res.
99(D9), 1994: NH3 canopy resistance 0-150 s/m, annual NH3 vd to heathland 1.4 cm/s, NH4+ aerosol
vd 0.17 cm/s.

Notes
-----
Valid for sources below the mixing height of a class (a class whose mixing height is at or below
the emission height contributes nothing), no plume rise (heat content 0), flat terrain and
distances up to a few tens of km (no trajectory curvature, no mixing-height growth along the
trajectory). See docs/deposition-model.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from veekompas.norms import table

KARMAN = 0.4
KARMAN_BUSINGER = 0.35  # OPS Eq. 3.20 note
GRAVITY = 9.81
AIR_DENSITY_KG_PER_M3 = 1.2
AIR_HEAT_CAPACITY_J_PER_KG_K = 1005.0
ROUGHNESS_LENGTH_M = 0.1
"""z0 for the wind profile and u* [m]; OPS uses a land-use map (assumption: grassland/mixed)."""

NH3_DIFFUSIVITY_CM2_PER_S = 0.24  # OPS Table 6.1
AIR_VISCOSITY_M2_PER_S = 0.15e-4  # OPS Eq. 5.7 (printed 0.15e-2, a misprint for cm2/s)
PRANDTL = 0.72  # OPS Eq. 5.7
CANOPY_RESISTANCE_NH3_S_PER_M = 30.0
"""Effective canopy resistance Rc' of NH3 [s/m] (OPS Eq. 5.41 comes from DEPAC, not tabulated).
Chosen inside Duyzer's (1994) 0-150 s/m so that the class-weighted vd is his 1.4 cm/s."""
RECEPTOR_CANOPY_RESISTANCE_NH3_S_PER_M = 150.0
"""Effective canopy resistance Rc' of NH3 at the receptor [s/m] (OPS Eq. 3.10: vd at the receptor
site; Eq. 3.3: vd along the trajectory, :data:`CANOPY_RESISTANCE_NH3_S_PER_M`)."""
NH4_DEPOSITION_VELOCITY_M_PER_S = 0.0017  # Duyzer 1994: 0.17 cm/s
NH3_SCAVENGING_RATIO = 1.4e6  # OPS Table 6.1, in-cloud
NH4_SCAVENGING_RATIO = 1.4e7  # OPS Table 6.1, in-cloud
BELOW_CLOUD = (1.21, 0.744, 0.628)  # OPS Eq. 6.5 alpha1..3
NH3_CONVERSION_PER_H = 0.05
"""Pseudo first-order NH3 -> NH4+ conversion [1/h]: OPS takes it from EMEP maps (Fig. 7.8, range
0-20 %/h); 5 %/h is an assumption within that range."""
CLOUD_SHIFT_M = 5.0  # OPS Eq. 6.12 delta z
TRAJECTORY_DEPOSITION_CORRECTION = 1.4
"""fd of OPS Eq. 2.25 for low sources (mean 1.4, range 0.8-2.2): the trajectory's effective vd
relative to the class-average vd, applied to the depletion."""
MIXING_HEIGHT_GROWTH_PER_100_KM = {"U": 800 / 500, "N": 400 / 400, "S": 150 / 80}
"""Maximum mixing height over the trajectory at 100 km relative to 0 km: the ratio of the class
limits of OPS Table 1.1 (U 500 -> 800 m, N 400 -> 400 m, S 80 -> 150 m), interpolated linearly in
distance as OPS section 1.3.4 says."""


@dataclass(frozen=True)
class MeteoClass:
    """One OPS stability/mixing-height class (OPS Table 2.5)."""

    code: str
    frequency: float  # [-], sums to 1 over classes
    u10_m_per_s: float
    temperature_c: float
    precipitation_probability: float
    precipitation_intensity_mm_per_h: float
    rain_event_length_h: float
    heat_flux_w_per_m2: float
    obukhov_length_m: float
    mixing_height_m: float
    ra4_s_per_m: float

    @property
    def friction_velocity_m_per_s(self) -> float:
        """u* [m/s] from u10 and L by the log profile with OPS's stability functions (Eq. 2.13)."""
        denom = (
            np.log(10.0 / ROUGHNESS_LENGTH_M)
            - psi_m(10.0, self.obukhov_length_m)
            + psi_m(ROUGHNESS_LENGTH_M, self.obukhov_length_m)
        )
        return float(KARMAN * self.u10_m_per_s / denom)


@cache
def meteo_classes() -> tuple[MeteoClass, ...]:
    """The six OPS classes from the norm table ``ops_meteo_classes``."""
    rows = table("ops_meteo_classes").rows
    total = sum(r["frequency_percent"] for r in rows)
    return tuple(
        MeteoClass(
            code=r["code"],
            frequency=r["frequency_percent"] / total,
            u10_m_per_s=r["wind_speed_10m_m_per_s"],
            temperature_c=r["temperature_c"],
            precipitation_probability=r["precipitation_probability"],
            precipitation_intensity_mm_per_h=r["precipitation_intensity_mm_per_h"],
            rain_event_length_h=r["rain_event_length_h"],
            heat_flux_w_per_m2=r["sensible_heat_flux_w_per_m2"],
            obukhov_length_m=r["monin_obukhov_length_m"],
            mixing_height_m=r["mixing_height_m"],
            ra4_s_per_m=r["aerodynamic_resistance_4m_s_per_m"],
        )
        for r in rows
    )


def psi_m(z, obukhov_length_m: float):
    """Stability function for momentum (OPS Eq. 2.14 for L <= 0, Eq. 2.15 for L > 0) [-]."""
    z = np.asarray(z, dtype=float)
    if obukhov_length_m <= 0:
        x = (1.0 - 15.0 * z / obukhov_length_m) ** 0.25
        return 2 * np.log((1 + x) / 2) + np.log((1 + x * x) / 2) - 2 * np.arctan(x) + np.pi / 2
    return -17.0 * (1.0 - np.exp(-0.29 * z / obukhov_length_m))


def wind_speed(z_m, cls: MeteoClass):
    """Wind speed [m/s] at height z [m] from u10 (OPS Eq. 2.13), z clipped to [1 m, zi]."""
    z = np.clip(np.asarray(z_m, dtype=float), 1.0, max(cls.mixing_height_m, 10.0))
    L, z0 = cls.obukhov_length_m, ROUGHNESS_LENGTH_M
    num = np.log(z / z0) - psi_m(z, L) + psi_m(z0, L)
    den = np.log(10.0 / z0) - psi_m(10.0, L) + psi_m(z0, L)
    return cls.u10_m_per_s * num / den


def _phi_h(z, L: float):
    """Dimensionless temperature gradient (OPS Eq. 3.22, 3.23)."""
    if L <= 0:
        return 0.74 * (1.0 - 9.0 * z / L) ** -0.5
    return 0.74 + 4.7 * z / L


def _sigma_z_surface(x, h: float, cls: MeteoClass):
    """sigma_z [m] in the surface layer: sigma_z^2 = 2 Kz x / u with Kz and u at a representative
    height 0.67 sigma_z (not below the source height), solved by iteration (OPS Eq. 3.20-3.24)."""
    zi, L, ustar = cls.mixing_height_m, cls.obukhov_length_m, cls.friction_velocity_m_per_s
    sigma = np.maximum(0.1 * x**0.8, 0.1)
    for _ in range(40):
        zr = np.clip(np.maximum(0.67 * sigma, h), 0.5, 0.9 * zi)
        if L > 0:
            kz = KARMAN_BUSINGER * ustar * zr / _phi_h(zr, L)
        else:
            kz = KARMAN_BUSINGER * ustar * zr / _phi_h(zr, L) * (1.0 - zr / zi) ** 1.5
        new = np.sqrt(2.0 * kz * x / wind_speed(zr, cls))
        sigma = 0.5 * (sigma + new)
    return sigma


def _sigma_z_upper(x, h: float, cls: MeteoClass):
    """sigma_z [m] above the surface layer: convective (Eq. 3.25-3.26) and near-neutral upper
    layer (Eq. 3.27-3.31), interpolated linearly in zi/L over -20..0 as OPS does."""
    zi, L, ustar = cls.mixing_height_m, cls.obukhov_length_m, cls.friction_velocity_m_per_s
    u = wind_speed(max(h, zi / 2), cls)
    t = x / u
    z = min(max(h, 0.1 * zi, 1.0), 0.9 * zi)
    tau_l = np.clip(150.0 - 2000.0 / L, 10.0, 400.0)  # Eq. 3.29 with its cut-offs
    if L <= 0:
        sw2 = ustar**2 * (1.5 * (z / -L) ** (2 / 3) * np.exp(-2 * z / zi) + 1.7 - z / zi)
    else:
        sw2 = ustar**2 * 1.7 * (1.0 - z / zi) ** 1.5
    neutral = np.sqrt(sw2) * t / np.sqrt(1.0 + t / (2.0 * tau_l))
    if L >= 0:
        return neutral
    h0 = max(cls.heat_flux_w_per_m2, 0.0)
    wstar = (
        GRAVITY * h0 * zi / ((cls.temperature_c + 273.15) * AIR_DENSITY_KG_PER_M3 * 1005.0)
    ) ** (1 / 3)
    convective = t * np.sqrt((0.56 * wstar) ** 2 + (1.26 * ustar) ** 2)
    w_conv = min(max(-(zi / L) / 20.0, 0.0), 1.0)
    return w_conv * convective + (1.0 - w_conv) * neutral


def sigma_z(x_m, height_m: float, spread_m: float, cls: MeteoClass):
    """Vertical dispersion length [m] at distance x [m] for a source at height h [m] with vertical
    spread [m] (the initial sigma_zi of OPS Eq. 3.40, lower limit max(h/8, 0.1 m)).

    The regime follows the plume's representative height z = max(h, 0.67 sigma_z) against the
    mixing height (OPS Fig. 3.4): surface-layer sigma_z for z/zi < 0.05, upper-layer sigma_z above
    0.15, linear in between (OPS section 3.3.2, 'Procedure in OPS')."""
    x = np.asarray(x_m, dtype=float)
    surface = _sigma_z_surface(x, height_m, cls)
    upper = _sigma_z_upper(x, height_m, cls)
    ratio = np.maximum(height_m, 0.67 * surface) / cls.mixing_height_m
    w_up = np.clip((ratio - 0.05) / 0.1, 0.0, 1.0)
    return (1 - w_up) * surface + w_up * upper + max(spread_m, height_m / 8.0, 0.1)


def vertical_factor(sigma_m, height_m: float, mixing_height_m: float):
    """Dz [1/m] at ground level: Gaussian with reflections at the ground and at zi (OPS Eq. 3.15,
    whose three terms are the images n = -1..1; here n = -4..4, so that Dz tends to 1/zi as in
    Eq. 3.9). ``mixing_height_m`` may be an array over distance."""
    s = np.asarray(sigma_m, dtype=float)
    zi = mixing_height_m
    total = np.zeros_like(s)
    for n in range(-4, 5):
        total += np.exp(-((2 * n * zi + height_m) ** 2) / (2 * s * s))
    dz = 2.0 / (np.sqrt(2 * np.pi) * s) * total
    return np.where(s > 3.0 * zi, 1.0 / zi, dz)


def _wet_rate_per_s(x, sig, u, height_m, cls: MeteoClass, ratio: float, below: bool):
    """Average wet scavenging rate [1/s] (OPS Eq. 6.1, 6.5, 6.9, 6.10, 6.12, 6.14)."""
    zi = cls.mixing_height_m
    ri_m_per_h = cls.precipitation_intensity_mm_per_h / 1000.0
    lam_in = ratio * ri_m_per_h / zi  # [1/h]
    if below:
        a1, a2, a3 = BELOW_CLOUD
        lam_b = min(
            a1 * NH3_DIFFUSIVITY_CM2_PER_S**a2 * cls.precipitation_intensity_mm_per_h**a3, lam_in
        )
    else:
        lam_b = lam_in
    hprime = max(0.0, zi - height_m)
    t_h = x / u / 3600.0
    pr = np.exp(-((hprime + CLOUD_SHIFT_M) ** 2) / (2 * sig * sig)) * np.minimum(t_h, 1.0)
    lam = lam_in * pr + lam_b * (1 - pr)
    tau_e = cls.rain_event_length_h
    tau_w = np.maximum(tau_e * (1 - np.exp(-0.4 * t_h / tau_e)), 0.1)
    lam_eff = cls.precipitation_probability * (1 - np.exp(-lam * tau_w)) / tau_w
    return lam_eff / 3600.0


def _cumulative(rate, x):
    """Integral of ``rate`` over x from 0 (trapezoid; the first cell taken at the first value)."""
    steps = 0.5 * (rate[1:] + rate[:-1]) * np.diff(x)
    return np.concatenate([[rate[0] * x[0]], rate[0] * x[0] + np.cumsum(steps)])


def class_kernel(x_m, height_m: float, spread_m: float, cls: MeteoClass) -> np.ndarray:
    """Deposition of NH3 + NH4+ per unit emission and unit direction density, times x, for one
    class [1/m]: ``(vd Dz / u + Lambda_w / u) * Q(x)/Q0`` for NH3 plus the same for NH4+."""
    x = np.asarray(x_m, dtype=float)
    zi = cls.mixing_height_m
    if height_m >= zi:
        return np.zeros_like(x)
    sig = sigma_z(x, height_m, spread_m, cls)
    growth = MIXING_HEIGHT_GROWTH_PER_100_KM[cls.code[0]]
    zi_x = zi * (1.0 + (growth - 1.0) * x / 100_000.0)
    dz = vertical_factor(sig, height_m, zi_x)
    u = wind_speed(np.minimum(np.maximum(height_m, 0.67 * sig), max(zi / 2, height_m)), cls)
    ustar = cls.friction_velocity_m_per_s
    schmidt = AIR_VISCOSITY_M2_PER_S / (NH3_DIFFUSIVITY_CM2_PER_S * 1e-4)
    rb = 2.0 / (KARMAN * ustar) * (schmidt / PRANDTL) ** (2 / 3)  # Eq. 5.7
    vd = 1.0 / (cls.ra4_s_per_m + rb + CANOPY_RESISTANCE_NH3_S_PER_M)  # trajectory, Eq. 3.3
    vd_rec = 1.0 / (cls.ra4_s_per_m + rb + RECEPTOR_CANOPY_RESISTANCE_NH3_S_PER_M)  # Eq. 3.10
    vd_s = 1.0 / (1.0 / NH4_DEPOSITION_VELOCITY_M_PER_S + cls.ra4_s_per_m)
    kc = NH3_CONVERSION_PER_H / 3600.0
    wet_p = _wet_rate_per_s(x, sig, u, height_m, cls, NH3_SCAVENGING_RATIO, below=True)
    wet_s = _wet_rate_per_s(x, sig, u, height_m, cls, NH4_SCAVENGING_RATIO, below=False)
    # primary: d ln Qp/dx = -(vd Dz + kc + wet)/u  (Eq. 5.19 with Eq. 3.3)
    loss_p = (TRAJECTORY_DEPOSITION_CORRECTION * vd * dz + kc + wet_p) / u
    qp = np.exp(-_cumulative(loss_p, x))
    # secondary: dQs/dx = kc Qp/u - (vd_s Dz + wet_s)/u Qs (Eq. 3.2), exponential integrator
    loss_s = (vd_s * dz + wet_s) / u
    qs = np.zeros_like(x)
    gain = kc * qp / u
    for i in range(1, len(x)):
        dx = x[i] - x[i - 1]
        decay = np.exp(-0.5 * (loss_s[i] + loss_s[i - 1]) * dx)
        qs[i] = qs[i - 1] * decay + 0.5 * (gain[i] + gain[i - 1]) * dx * np.sqrt(decay)
    return (vd_rec * dz + wet_p) / u * qp + (vd_s * dz + wet_s) / u * qs


def distance_grid(max_distance_m: float, n: int = 600) -> np.ndarray:
    """Log-spaced distances [m] from 1 m to ``max_distance_m`` (the kernel's interpolation grid)."""
    return np.geomspace(1.0, max(max_distance_m, 10.0), n)


def radial_kernel(x_m, height_m: float, spread_m: float) -> np.ndarray:
    """K(x) [1/m]: the class-frequency-weighted sum of :func:`class_kernel` (OPS Eq. 3.12-3.14)."""
    x = np.asarray(x_m, dtype=float)
    total = np.zeros_like(x)
    for cls in meteo_classes():
        total += cls.frequency * class_kernel(x, height_m, spread_m, cls)
    return total


def class_deposition_velocities() -> dict[str, float]:
    """vd of NH3 [m/s] at the receptor per class (for the documentation and its test)."""
    out = {}
    for cls in meteo_classes():
        schmidt = AIR_VISCOSITY_M2_PER_S / (NH3_DIFFUSIVITY_CM2_PER_S * 1e-4)
        rb = 2.0 / (KARMAN * cls.friction_velocity_m_per_s) * (schmidt / PRANDTL) ** (2 / 3)
        out[cls.code] = 1.0 / (cls.ra4_s_per_m + rb + CANOPY_RESISTANCE_NH3_S_PER_M)
    return out
