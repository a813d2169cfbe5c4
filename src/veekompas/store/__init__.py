"""Persistence: SQLAlchemy models, Alembic migrations, repositories returning domain records."""
