"""The preheated kernel pool, bounded and refilled in the background.

Voila refills a notebook's pool as soon as a preheated kernel is taken, all missing kernels at once: on a
2-core machine those refills (each runs the notebook's imports, ~3 s of CPU) compete with the experts
whose pages are opening. Here a refill waits for a quiet moment: no page being rendered, and no page
rendered or kernel connection opened for ``quiet_s`` seconds (a page connects to its kernel seconds after
its HTML has arrived). Then it starts one kernel at a time, the next only when the previous one is ready
for a visitor, never past the server's kernel ceiling.
"""
from __future__ import annotations

import asyncio


def pending(km) -> int:
    return sum(1 for pool in km._pools.values() for task in pool if not task.done())


def committed(km) -> int:
    """Kernels running plus preheats not finished yet (some of which have no kernel id yet)."""
    return len(km.list_kernel_ids()) + pending(km)


class BoundedPool:
    def __init__(self, km, max_kernels: int, quiet_s: float = 10.0):
        self.km, self.max_kernels, self.quiet_s = km, int(max_kernels), float(quiet_s)
        self.rendering = 0                      # pages being rendered now (GatedRenderHandler counts them)
        self._last_activity = 0.0               # loop time of the last page render or kernel connection
        self._refilled: set[str] = set()        # kernels this pool started
        self._ready: set[str] = set()           # kernels whose notebook waits for a visitor
        self._fill = km.fill_if_needed          # Voila's own, started with delay=0
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._kwargs: dict[str, dict] = {}
        km.fill_if_needed = self.fill_if_needed

    def size(self, notebook: str) -> int:
        cfg = self.km.kernel_pools_config
        return int(cfg.get(notebook, cfg.get("default", {})).get("pool_size", 0))

    def admits(self, notebook: str) -> bool:
        """A new visitor of ``notebook`` can be served now: a preheated kernel is there (or on its way),
        or one more kernel fits under the ceiling."""
        return bool(self.km._pools.get(notebook)) or committed(self.km) < self.max_kernels

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs) -> None:
        """Voila calls this after taking a preheated kernel: wait for a quiet moment instead."""
        self._kwargs[notebook_name] = kwargs
        self.touch()
        self._schedule(notebook_name, self.quiet_s)

    def touch(self) -> None:
        """A page was rendered or connected to its kernel: the machine is busy with visitors."""
        self._last_activity = asyncio.get_event_loop().time()

    def ready(self, kernel_id: str) -> None:
        """A kernel's notebook waits for a visitor (the request-info socket opened): refill the next one."""
        self._ready.add(kernel_id)
        if kernel_id in self._refilled:
            for notebook in self._kwargs:
                self._schedule(notebook, 0.5)

    def _warming(self) -> bool:
        alive = set(self.km.list_kernel_ids())          # a kernel that died is not warming any more
        self._refilled &= alive
        self._ready &= alive
        return bool(self._refilled - self._ready) or pending(self.km) > 0

    def _schedule(self, notebook: str, after: float) -> None:
        old = self._timers.pop(notebook, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_event_loop()
        self._timers[notebook] = loop.call_later(after, self._refill_one, notebook)

    def _refill_one(self, notebook: str) -> None:
        self._timers.pop(notebook, None)
        pool = self.km._pools.setdefault(notebook, [])
        if len(pool) >= self.size(notebook):
            return
        idle = asyncio.get_event_loop().time() - self._last_activity
        if idle < self.quiet_s:
            self._schedule(notebook, self.quiet_s - idle)
            return
        if self.rendering > 0 or self._warming() or committed(self.km) >= self.max_kernels:
            self._schedule(notebook, self.quiet_s)      # pages first; one refill at a time; or full: later
            return
        cfg = self.km.kernel_pools_config
        one_more = {**cfg.get(notebook, cfg.get("default", {})), "pool_size": len(pool) + 1}
        self.km.kernel_pools_config = {**cfg, notebook: one_more}
        try:
            self._fill(delay=0, notebook_name=notebook, **self._kwargs.get(notebook, {}))
        finally:
            self.km.kernel_pools_config = cfg
        task = pool[-1] if pool else None
        if task is not None:
            task.add_done_callback(self._started)

    def _started(self, task: asyncio.Task) -> None:
        if not task.cancelled() and task.exception() is None:
            self._refilled.add(task.result()["kernel_id"])
