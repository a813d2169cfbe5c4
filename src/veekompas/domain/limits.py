"""Physical bounds of the numbers the domain accepts, each with its reason.

A stored value must never break a page: every sum over all farms of the region stays a finite
number far inside a float's and a 64-bit integer's range (the largest, animal places, at most
10,000 farms x 200 barns x 10 million places = 2e13). Floats are finite everywhere (no NaN or
infinity: the records set ``allow_inf_nan=False``).
"""

from __future__ import annotations

import datetime as dt

# Permitted NH3 of one farm [kg/yr]. The largest permit of the 846 Veluwe and Foodvalley
# livestock sources (Gelderland, 2025) is 20,448 kg/yr, and the largest Dutch livestock permits
# are well below 1,000,000 kg/yr (that is 1 kt, the NH3 of some 100,000 dairy cows).
MAX_NH3_KG_PER_YEAR = 1_000_000.0

# Animals present or animal places of one barn or group [-]: far above any farm (the largest
# Dutch poultry farms keep about a million birds) and within the store's 32-bit INTEGER columns.
MAX_ANIMALS = 10_000_000

# Area of one crop on one farm [ha]: the largest Dutch arable farms farm a few thousand ha;
# 10,000 ha (100 km2) is far above any of them.
MAX_HA = 10_000.0

# Barns, animal groups and crops of one farm: a registry farm has a handful; 200 each leaves
# room for any real farm and keeps one farm's record small.
MAX_PARTS = 200

# Years: a barn built from 1800, a farmer born from 1900, anything planned up to 2100.
MIN_BUILT_YEAR, MIN_BIRTH_YEAR, MIN_STOP_YEAR, MAX_YEAR = 1800, 1900, 1990, 2100
# Dates (animals counted on, consents): within the years the norm tables and pages handle.
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(MAX_YEAR, 12, 31)
