"""Web feature: region."""
