"""Web feature: farms."""
