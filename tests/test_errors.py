"""Every error class that sets its own exit code sets a different one, so scripts can tell them apart."""
from __future__ import annotations

import inspect

from panel_toolkit import errors


def test_exit_codes_are_unique():
    own = {name: cls.__dict__["exit_code"] for name, cls in inspect.getmembers(errors, inspect.isclass)
           if issubclass(cls, errors.PanelError) and "exit_code" in cls.__dict__}
    assert len(own) >= 10
    assert sorted(own.values()) == sorted(set(own.values())), own
