"""Every field of every rules file is described (cf. datasette's test_docs)."""
from __future__ import annotations

import pytest

from panel_toolkit.config.loader import schema


def walk(node, path="$"):
    if isinstance(node, dict):
        for key, sub in (node.get("properties") or {}).items():
            yield f"{path}.{key}", sub
            yield from walk(sub, f"{path}.{key}")
        for key in ("items", "$defs"):
            if isinstance(node.get(key), dict):
                if key == "$defs":
                    for name, sub in node[key].items():
                        yield from walk(sub, f"{path}.$defs.{name}")
                else:
                    yield from walk(node[key], f"{path}[]")


@pytest.mark.parametrize("name", ["rubric", "session", "calendar"])
def test_every_schema_field_is_described(name):
    undocumented = [p for p, sub in walk(schema(name)) if not sub.get("description")]
    assert undocumented == []


@pytest.mark.parametrize("name", ["rubric", "session", "calendar"])
def test_objects_refuse_unknown_keys(name):
    def objects(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for v in node.values():
                yield from objects(v)
        elif isinstance(node, list):
            for v in node:
                yield from objects(v)

    assert all(o.get("additionalProperties") is False for o in objects(schema(name)))
