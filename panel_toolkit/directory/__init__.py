"""The brand directory's dynamic management (劳务品牌目录, 第十五条–第二十一条): plain Python + pandas.

- :mod:`.states`    statuses, events and the grounds of 第十六–二十条, as data;
- :mod:`.machine`   the transition table and :func:`apply` (raises IllegalTransition with the reason);
- :mod:`.deadlines` month arithmetic by 民法典第二百零一、二百零二条, the 31 October report, re-reviews;
- :mod:`.history`   histories from stored rows;
- :mod:`.report`    deadline tables, missing reports, the published list of 第二十一条;
- :mod:`.documents` the texts of 责令整改/约谈通知书, 暂停/恢复/移出决定书, the 第二十一条 list and the plaque.

Decisions taken where the measures leave room: ``README.md`` in this folder.

    >>> from panel_toolkit.directory import History, Request, EventKind, apply
    >>> h = History(dt.date(2024, 12, 1))
    >>> apply(h, Request(EventKind.RECTIFICATION_ORDER, dt.date(2025, 1, 31), "第十七条(一)")).deadline
    datetime.date(2025, 2, 28)

The front ends call :class:`panel_toolkit.facade.directory.Directory` (``Workspace.directory()``).
"""
from .deadlines import add_months, add_years, ban_ends, first_report_year, is_overdue, re_review_due, report_due
from .machine import TRANSITIONS, History, Outcome, Record, Request, Rule, allowed, apply, replay
from .states import BY_CODE, GROUNDS, EventKind, Ground, Status, ground_label, normalize_ground

__all__ = [
    "BY_CODE", "GROUNDS", "TRANSITIONS", "EventKind", "Ground", "History", "Outcome", "Record", "Request", "Rule",
    "Status", "add_months", "add_years", "allowed", "apply", "ban_ends", "first_report_year", "ground_label",
    "is_overdue", "normalize_ground", "re_review_due", "replay", "report_due",
]
