"""Closed is closed, for the rules too (SPEC §7): what the front ends say about a closed session's files.

A closed session is computed with the texts kept at its confirmation (:mod:`panel_toolkit.rules`,
:meth:`panel_toolkit.folder.Folder.rules`); when the files on disk were edited since, ``status`` and the city's
dashboards warn (:func:`changed_on_disk`, :func:`warning`).
"""
from __future__ import annotations

from pathlib import Path

from ..config import SessionConfig
from ..config import loader
from ..config.rubric import find_rubric
from ..i18n import text
from ..rules import relative

KINDS = ("session", "rubric")


def changed_on_disk(config: SessionConfig, root: Path) -> list[dict]:
    """What differs on disk from the kept files of a closed session (workspace ``root``): the session file's
    text, and the rubric that file now names (another file, or the same one edited). Each entry: ``kind``
    ("session"/"rubric"), ``path`` (relative to ``root`` when inside it) and ``missing`` (the file is gone).
    Empty for a config read from disk."""
    if config.frozen_by is None:
        return []
    out = []
    session_now = _text(Path(config.path))
    if session_now != config.text:
        out.append({"kind": "session", "path": relative(root, config.path), "missing": session_now is None})
    rubric_path = Path(config.rubric.path)
    try:   # the rubric the session file on disk names now
        data = loader.read_yaml(Path(config.path), session_now)
        rubric_path = find_rubric(data["rubric"], Path(config.path).parent, [Path(root) / "rubrics"])
    except Exception:   # noqa: BLE001 - a broken or missing session file is reported above
        pass
    rubric_now = _text(rubric_path)
    if rubric_now != config.rubric.text or rubric_path.resolve() != Path(config.rubric.path).resolve():
        out.append({"kind": "rubric", "path": relative(root, rubric_path), "missing": rubric_now is None})
    return out


def calendar_overrides_on_disk(config: SessionConfig) -> list[Path]:
    """The calendar override files the session file on disk names now (for a closed session, whose kept
    text may name fewer); none when the file is missing or broken (``status`` reports that)."""
    try:
        data = loader.read_yaml(Path(config.path))
        names = (data.get("notice") or {}).get("calendar_overrides") or ()
        return [(Path(config.path).parent / str(n)).resolve() for n in names]
    except Exception:   # noqa: BLE001 - a broken session file is reported by changed_on_disk
        return []


def _text(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def warning(change: dict, lang: str = "zh") -> str:
    """One line for a front end about one entry of :func:`changed_on_disk`."""
    what = text(f"facade.rules_file_{change['kind']}", lang)
    return text("facade.rules_removed" if change["missing"] else "facade.rules_changed", lang, what=what,
                path=change["path"])
