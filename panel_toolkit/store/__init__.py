"""Workspace store (SQLAlchemy Core over SQLite by default, or PostgreSQL 15+)."""
from . import schema
from .engine import Store, default_url, url_for, utcnow

__all__ = ["Store", "default_url", "schema", "url_for", "utcnow"]
