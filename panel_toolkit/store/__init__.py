"""Workspace store (SQLAlchemy Core over SQLite by default)."""
from . import schema
from .engine import Store, url_for, utcnow

__all__ = ["Store", "schema", "url_for", "utcnow"]
