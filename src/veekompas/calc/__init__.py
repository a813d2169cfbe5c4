"""Pure calculations on norm tables; no database, web or printing."""
