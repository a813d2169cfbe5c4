"""Web feature: plumbing."""
