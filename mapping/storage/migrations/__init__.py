"""Alembic migrations, shipped inside the package and run by :func:`mapping.storage.upgrade`."""
