"""Saving soon after typing stops: a per-key debouncer on the kernel's event loop.

A committed value (a score on Enter/blur, a verdict, a tick) is saved at once by the form; text typed
into a comment or a reason syncs on every keystroke and is saved ``DELAY`` seconds after the last
one, so a closed tab or a killed kernel loses at most the text typed in that last moment.
Without a running event loop (headless tests, a plain script) the call runs at once.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable

DELAY = 0.6


class Debouncer:
    def __init__(self, delay: float = DELAY):
        self.delay = delay
        self._pending: dict[str, tuple[asyncio.TimerHandle, Callable[[], None]]] = {}

    def call(self, key: str, fn: Callable[[], None]) -> None:
        """Run ``fn`` after ``delay`` seconds unless ``call`` comes again with the same key first."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.delay <= 0:
            self.cancel(key)
            fn()
            return
        self.cancel(key)
        handle = loop.call_later(self.delay, self._fire, key)
        self._pending[key] = (handle, fn)

    def _fire(self, key: str) -> None:
        _, fn = self._pending.pop(key, (None, None))
        if fn is not None:
            fn()

    def cancel(self, key: str) -> None:
        pending = self._pending.pop(key, None)
        if pending is not None:
            pending[0].cancel()

    def flush(self) -> None:
        """Run every pending call now (before a submit, or when leaving the sheet)."""
        for key in list(self._pending):
            handle, fn = self._pending.pop(key)
            handle.cancel()
            fn()

    @property
    def pending(self) -> bool:
        return bool(self._pending)
