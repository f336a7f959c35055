"""Load a YAML rules file and validate it against its JSON Schema.

Every failure is a :class:`ConfigError` naming the file, the key (as a dotted path) and the fix.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one). Parsed by libyaml
    when PyYAML has it: the rubric loads on every command, and the pure-Python parser takes ~0.1 s."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    loader.flatten_mapping(node)
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _dates_to_iso(value: Any) -> Any:
    """YAML turns 2024-09-30 into a date; the schema speaks JSON, so dates become ISO strings."""
    if isinstance(value, dict):
        return {k: _dates_to_iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_iso(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@cache
def schema(name: str) -> dict:
    return json.loads(resources.files("panel_toolkit.config").joinpath("schemas", f"{name}.schema.json").read_text("utf-8"))


def key_path(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


def read_text(path: Path) -> str:
    """A rules file's exact text (kept with a confirmation: facade.frozen)."""
    try:
        return Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "-", "文件不存在", "file not found", "检查路径", "check the path") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "-", "文件不是 UTF-8 编码", "file is not UTF-8", "以 UTF-8 编码保存", "save it as UTF-8") from None


def read_yaml(path: Path, text: str | None = None) -> Any:
    """Parse ``text`` (default: the file's) as the YAML of ``path``; errors name ``path``."""
    if text is None:
        text = read_text(path)
    try:
        return _dates_to_iso(yaml.load(text, Loader=_StrictLoader))
    except _DuplicateKey as e:
        raise ConfigError(path, e.key, f"第 {e.line} 行重复定义", f"defined twice (line {e.line})",
                          "删除重复的键", "remove the duplicate") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        where_en = f"line {mark.line + 1}" if mark else ""
        raise ConfigError(path, where_en or "-", f"YAML 语法错误 {where}: {getattr(e, 'problem', e)}",
                          f"YAML syntax error {where_en}: {getattr(e, 'problem', e)}",
                          "检查缩进、冒号和引号", "check indentation, colons and quotes") from None


def validate(data: Any, schema_name: str, path: Path) -> dict:
    """Validate ``data`` against a bundled schema; raise the first error, explained."""
    if not isinstance(data, dict):
        raise ConfigError(path, "(top level)", "内容应为键值映射", "the file must be a mapping of keys to values",
                          "参照 rubrics/ 或 sessions/ 下的示例文件", "follow the example files in rubrics/ or sessions/")
    marker = _passed_marker(schema_name, data)
    if marker is not None and marker.exists():
        return data
    errors = sorted(_validator(schema_name).iter_errors(data),
                    key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        raise _explain(errors[0], path)
    if marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:  # a read-only home: validate every time, nothing else changes
            pass
    return data


@cache
def _validator(schema_name: str):
    # jsonschema imports an IRI grammar (rfc3987_syntax) for a format our schemas never use; building it
    # costs ~0.8 s and 16 MB in every CLI call and Voila kernel. Marked absent, jsonschema skips that check.
    sys.modules.setdefault("rfc3987_syntax", None)
    import jsonschema

    return jsonschema.Draft202012Validator(schema(schema_name), format_checker=jsonschema.FormatChecker())


def _passed_marker(schema_name: str, data: Any) -> Path | None:
    """A file whose existence says: this exact document passed this exact schema before. Importing
    jsonschema and validating costs ~0.15 s on every command, for the same rubric and session file
    every time; the name hashes the schema and the document, so any change to either validates again.
    Only passes are remembered (a failing document is validated, and explained, every time).
    ``PANEL_TOOLKIT_CACHE=off`` turns this off; None then."""
    import hashlib
    import os

    from .. import settings

    # settings.get gives None for the "~" default: the XDG rule below computes it
    where = settings.get("PANEL_TOOLKIT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "panel_toolkit")
    if where == "off":
        return None
    try:
        body = json.dumps([schema(schema_name), data], sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):  # not plain JSON (e.g. mixed key types): always validate
        return None
    digest = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()
    return Path(where, "schema-passed", f"{schema_name}-{digest}")


def _explain(err, path: Path) -> ConfigError:
    key = key_path(err.absolute_path)
    desc = err.schema.get("description", "") if isinstance(err.schema, dict) else ""
    v = err.validator
    if v == "additionalProperties":
        allowed = sorted((err.schema.get("properties") or {}).keys())
        extra = sorted(set(err.instance) - set(allowed))
        key = key_path([*err.absolute_path, extra[0]]) if extra else key
        return ConfigError(path, key, "未知的键", "unknown key",
                           f"删除它或检查拼写；此处允许的键：{', '.join(allowed)}",
                           f"remove it or fix its spelling; keys allowed here: {', '.join(allowed)}")
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        sub = (err.schema.get("properties") or {}).get(missing, {})
        return ConfigError(path, key_path([*err.absolute_path, missing]), "缺少必填键", "required key is missing",
                           f"添加该键（{sub.get('description', '')}）", f"add it ({sub.get('description', '')})")
    if v in ("type", "const", "enum"):
        expected = err.validator_value
        return ConfigError(path, key, f"值 {err.instance!r} 不合要求（应为 {expected}）",
                           f"value {err.instance!r} is not allowed (expected {expected})",
                           desc or "按 schema 修改", desc or "follow the schema")
    return ConfigError(path, key, f"值 {err.instance!r} 不合要求：{err.message}",
                       f"value {err.instance!r} is not valid: {err.message}",
                       desc or "按 schema 修改", desc or "follow the schema")


def load(path: Path, schema_name: str, text: str | None = None) -> dict:
    return validate(read_yaml(path, text), schema_name, Path(path))
