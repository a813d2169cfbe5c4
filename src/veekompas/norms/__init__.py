"""Dated reference tables (norms) with provenance; see :mod:`veekompas.norms.loader`."""

from veekompas.norms.loader import NormTable, table, table_names, versions

__all__ = ["NormTable", "table", "table_names", "versions"]
