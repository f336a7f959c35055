"""The workspace every front end holds: a :class:`~panel_toolkit.folder.Folder` (store + rules) that builds the
facades — a review session (:class:`~panel_toolkit.facade.Session`) as one actor sees it, the brand directory,
and the session a personal link opens. The facade is imported from here downwards only."""
from __future__ import annotations

from . import validation
from .actor import Actor
from .errors import NotFound
from .folder import DEFAULT_DB, Folder  # noqa: F401  (panel.db; the demo imports it from here)


class Workspace(Folder):
    def session(self, session_id: str, actor: Actor | None = None):
        """The facade every front end calls. Registers the session in the store on first use."""
        from .facade import Session

        config = self.rules(session_id)
        return Session(self, config, _known_county(actor or Actor.city(), config.screening_units))

    def directory(self, actor: Actor | None = None):
        """The brand directory (劳务品牌目录, 第十五条–第二十一条) of this workspace, as ``actor`` sees it."""
        from .config.session import CITY_ROUTE, default_counties
        from .facade.directory import Directory

        return Directory(self, _known_county(actor or Actor.city(), (*default_counties(), CITY_ROUTE)))

    def session_for_token(self, token: object):
        """The Session of the expert whose personal link carries ``token``, acting as that expert.

        An unknown, revoked, expired (past the session's ``panel.due_date``) or malformed token raises
        :class:`~panel_toolkit.errors.AccessDenied` with one neutral message for all, which reveals nothing
        (the form is checked before any lookup). Every later write re-checks the link (facade.links)."""
        from .facade.links import lookup
        from .panel import tokens

        info = lookup(self, token)
        if info is None or info.kind != "expert":
            raise tokens.refused()
        try:
            return self.session(info.session_id, info.actor)
        except NotFound:  # the session's file is gone: still say nothing
            raise tokens.refused() from None


def _known_county(actor: Actor, units) -> Actor:
    """A county actor's scope as the session spells it (after normalisation: full-width forms, spaces,
    invisible characters); an unknown county is refused, so a look-alike never yields an empty table."""
    if actor.role != "county":
        return actor
    unit = validation.county(actor.scope, units)
    if unit == actor.scope:
        return actor
    return Actor(actor.name.replace(actor.scope, unit), "county", unit)
