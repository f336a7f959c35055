"""Command-line front end (``panel-toolkit``)."""
