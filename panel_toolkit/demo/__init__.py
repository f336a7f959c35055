"""A demo workspace from seeded synthetic applications, every unit fictional and marked （示例）.

``panel-toolkit demo`` calls :func:`build_demo`; the generator is reused by the benchmarks and tests.
"""
from .build import DemoSummary, build_demo
from .generator import DemoRow, generate, generate_rows

__all__ = ["DemoRow", "DemoSummary", "build_demo", "generate", "generate_rows"]
