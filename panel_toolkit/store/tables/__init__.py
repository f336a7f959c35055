"""Tables of later features, one module per domain, all on :data:`panel_toolkit.store.schema.metadata`.

Every module in this package is imported by :mod:`panel_toolkit.store.schema`, so a feature adds
its tables by adding a module here, without editing a shared file.
"""
