"""Web feature: accounts."""
