"""Geographic reference data shipped with the package (RD New, EPSG:28992)."""

from veekompas.geodata.natura2000 import Natura2000Area, natura2000_area, natura2000_areas

__all__ = ["Natura2000Area", "natura2000_area", "natura2000_areas"]
