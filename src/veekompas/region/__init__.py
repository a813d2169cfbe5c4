"""Services over many farms: the registry with access control, aggregation, open data."""
