"""Web feature: assessment."""
