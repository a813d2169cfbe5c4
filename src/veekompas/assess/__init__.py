"""One-farm services: assessments built from a Farm and the norms."""

from veekompas.assess.farm_assessment import Assessment, assess_farm

__all__ = ["Assessment", "assess_farm"]
