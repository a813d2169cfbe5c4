"""Plain typed records of the domain; no I/O."""

from veekompas.domain.farm import CropArea, Farm, Situation, parse_farm

__all__ = ["CropArea", "Farm", "Situation", "parse_farm"]
