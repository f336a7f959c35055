"""Schema validation remembers passes only (so the CLI starts quickly): a changed or failing document
is validated again, and explained, every time."""
from __future__ import annotations

import pytest

from panel_toolkit.config import loader
from panel_toolkit.errors import ConfigError

GOOD = {"id": "r", "version": "1"}


def test_a_pass_is_remembered_and_a_change_is_validated_again(tmp_path, monkeypatch, repo):
    monkeypatch.setenv("PANEL_TOOLKIT_CACHE", str(tmp_path / "cache"))
    calls = []
    real = loader._validator

    def counting(name):
        calls.append(name)
        return real(name)

    monkeypatch.setattr(loader, "_validator", counting)
    data = loader.read_yaml(repo / "sessions" / "2024" / "session.yaml")
    marker = loader._passed_marker("session", data)
    loader.validate(data, "session", tmp_path / "s.yaml")
    assert marker.exists() and calls == ["session"]
    loader.validate(data, "session", tmp_path / "s.yaml")
    assert calls == ["session"]                          # second time: no validator
    changed = {**data, "no_such_key_anywhere": 1}
    with pytest.raises(ConfigError):
        loader.validate(changed, "session", tmp_path / "s.yaml")
    with pytest.raises(ConfigError):
        loader.validate(changed, "session", tmp_path / "s.yaml")   # a failure is never remembered
    assert calls == ["session", "session", "session"] and not loader._passed_marker("session", changed).exists()
    assert loader._passed_marker("session", {"a": 1}) != loader._passed_marker("session", {"a": 1.0})
    assert loader._passed_marker("session", {"a": 1}) != loader._passed_marker("rubric", {"a": 1})


def test_the_repository_session_loads_twice_the_same_and_off_turns_it_off(tmp_path, monkeypatch, repo):
    from panel_toolkit.config import load_session_config

    monkeypatch.setenv("PANEL_TOOLKIT_CACHE", str(tmp_path / "cache"))
    first = load_session_config(repo / "sessions" / "2024" / "session.yaml")
    assert any((tmp_path / "cache" / "schema-passed").iterdir())
    second = load_session_config(repo / "sessions" / "2024" / "session.yaml")
    assert first == second
    monkeypatch.setenv("PANEL_TOOLKIT_CACHE", "off")
    assert loader._passed_marker("session", GOOD) is None


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch, repo):
    from panel_toolkit.config import load_session_config

    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("PANEL_TOOLKIT_CACHE", str(tmp_path / "file" / "below"))
    assert load_session_config(repo / "sessions" / "2024" / "session.yaml").id == "2024"
