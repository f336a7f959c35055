"""Click parameter types over :mod:`panel_toolkit.validation`: a bad value raises the typed error
(its own exit code, message in the user's language) before the command does any work."""
from __future__ import annotations

from pathlib import Path

import click

from .. import freetext, validation


class _Checked(click.ParamType):
    def convert(self, value, param, ctx):
        if value is None or (not isinstance(value, str) and self.done(value)):
            return value
        return self.check(value, _name(param))

    def done(self, value) -> bool:
        return False


def _name(param) -> str:
    if param is None:
        return "值"
    if isinstance(param, click.Argument):
        return param.human_readable_name
    return max(param.opts, key=len) if param.opts else param.name.upper()


class RecordId(_Checked):
    name = "id"

    def done(self, value):
        return isinstance(value, int)

    def check(self, value, name):
        return validation.record_id(value, name)


class Integer(_Checked):
    """An integer in [lo, hi]: a sample count such as ``--boot`` cannot exhaust memory."""

    name = "integer"

    def __init__(self, lo: int, hi: int):
        self.lo, self.hi = lo, hi

    def check(self, value, name):
        return validation.integer(value, name, self.lo, self.hi)


class Port(_Checked):
    name = "port"

    def check(self, value, name):
        return validation.port(value)


class OutFile(_Checked):
    """An output file: existing writable folder, one of ``extensions``."""

    name = "file"

    def __init__(self, *extensions: str):
        self.extensions = extensions

    def done(self, value):
        return isinstance(value, Path)

    def check(self, value, name):
        return validation.output_path(value, self.extensions)


class Text(_Checked):
    """Free text: no control characters or NUL, at most ``max_len`` characters; stored as typed."""

    name = "text"

    def __init__(self, max_len: int = freetext.LONG, multiline: bool = True):
        self.max_len, self.multiline = max_len, multiline

    def check(self, value, name):
        return freetext.check(value, name, self.max_len, self.multiline)


ID = RecordId()
PORT = Port()
TEXT = Text()
SHORT_TEXT = Text(freetext.SHORT, multiline=False)
