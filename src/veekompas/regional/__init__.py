"""Many farms: figures per municipality and for the region (open data with disclosure control)."""
