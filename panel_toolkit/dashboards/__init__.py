"""Dashboards (Voila apps) over the session facade: pure-pandas summaries beside thin ipywidgets views."""
