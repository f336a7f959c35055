"""How much one client and the whole server may ask for.

- :class:`RateLimiter`: a token bucket per client address for page loads (policy default: a burst of
  :data:`BURST` pages, then :data:`PER_MINUTE` a minute); past it a Chinese 429 page with Retry-After.
- :func:`default_max_kernels`: about 60 % of the machine's memory divided by the measured size of a used
  app kernel (~200 MB, see benchmarks/bench_open.py); past it a new visitor gets the 503 busy page.
"""
from __future__ import annotations

import math
import os
import time

BURST = 20
PER_MINUTE = 30
KERNEL_MB = 200
MEMORY_SHARE = 0.6


class RateLimiter:
    def __init__(self, per_minute: float = PER_MINUTE, burst: int = BURST, clock=time.monotonic, max_clients: int = 10_000):
        self.rate, self.burst, self.clock, self.max_clients = per_minute / 60.0, burst, clock, max_clients
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> tuple[bool, int]:
        """(allowed, seconds to wait before the next page would be allowed)."""
        if self.rate <= 0:
            return True, 0
        now = self.clock()
        tokens, last = self._buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if len(self._buckets) >= self.max_clients and client not in self._buckets:
            self._forget_full(now)
        if tokens >= 1.0:
            self._buckets[client] = (tokens - 1.0, now)
            return True, 0
        self._buckets[client] = (tokens, now)
        return False, max(1, math.ceil((1.0 - tokens) / self.rate))

    def _forget_full(self, now: float) -> None:
        """Drop clients whose bucket has refilled (they lose nothing); keeps memory bounded."""
        full = [c for c, (tok, last) in self._buckets.items() if tok + (now - last) * self.rate >= self.burst]
        for c in full:
            del self._buckets[c]


def total_memory_mb() -> int:
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20)
    except (ValueError, OSError, AttributeError):
        return 4096


def default_max_kernels(memory_mb: int | None = None, kernel_mb: int = KERNEL_MB) -> int:
    return max(2, int((memory_mb or total_memory_mb()) * MEMORY_SHARE // kernel_mb))
