"""The session facade: the one Python API that the CLI, the Voila apps and the notebooks call.

Each concern lives in its own small mixin module; :class:`Session` puts them together.
Roles and scopes are enforced here, not in a UI.
"""
from .aggregation import AggregationMixin
from .closure import ClosureMixin
from .eligibility import EligibilityMixin
from .intake import ImportResult, IntakeMixin
from .links import refuse_viewer_writes
from .materials import MaterialsMixin
from .notice import NoticeMixin
from .panel import PanelMixin
from .removals import EventsMixin, RemovalsMixin
from .sheets import SheetsMixin
from .viewers import ViewersMixin


@refuse_viewer_writes   # a viewer (staff link) writes nothing: every write method refuses it first
class Session(IntakeMixin, EligibilityMixin, RemovalsMixin, EventsMixin, PanelMixin, SheetsMixin, ViewersMixin, NoticeMixin,
              AggregationMixin, ClosureMixin, MaterialsMixin):
    """One review session (评审批次) as seen by one actor."""

    def __repr__(self) -> str:
        return f"<Session {self.id} {self.config.title.zh} as {self.actor.role}:{self.actor.name}>"


__all__ = ["ImportResult", "Session"]
