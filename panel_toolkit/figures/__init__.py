"""Figures (plotly only here): pure functions from DataFrames to ``plotly.graph_objects.Figure``.

The domain core never imports this package. Every figure of a session colours a county the same way
(:mod:`.palette`, keyed by the session's screening units), uses a font that has Chinese glyphs
(:mod:`.style`), and works offline: figures are shown with plotly's default renderer, whose
plotly.js comes bundled with the package. :func:`.export.write_png` makes static PNGs for reports.
"""
from .eligibility import eligibility_figure
from .export import static_export_available, write_png
from .funnel import funnel_figure
from .palette import PALETTE, county_colors
from .progress import expert_progress_figure, progress_over_time_figure
from .quality import method_comparison_figure, reliability_figure, sensitivity_figure
from .scores import score_distribution_figure

__all__ = ["PALETTE", "county_colors", "eligibility_figure", "expert_progress_figure", "funnel_figure", "method_comparison_figure",
           "progress_over_time_figure", "reliability_figure", "score_distribution_figure", "sensitivity_figure",
           "static_export_available", "write_png"]
