"""Rules as data: rubric and session files, validated against JSON Schemas in ``schemas/``."""
from .rubric import Rubric, load_rubric
from .session import CITY_ROUTE, SessionConfig, default_counties, load_session_config

__all__ = ["CITY_ROUTE", "Rubric", "SessionConfig", "default_counties", "load_rubric", "load_session_config"]
