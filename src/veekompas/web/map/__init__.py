"""Web feature: map."""
