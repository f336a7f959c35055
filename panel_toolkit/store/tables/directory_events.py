"""Dynamic management of the brand directory (第十五条–第二十一条): the dated events of each entry and
the annual reports received (第十六条).

Both tables are append-only (database triggers, store.append_only): a brand's history is the sequence of its event rows,
and the status on ``directory_entries`` is a cache of the last row's ``status_after``, written in the
same transaction as the row. A corrected annual report is a new row; the latest row of (entry, year)
counts.
"""
import sqlalchemy as sa

from ..schema import metadata

directory_events = sa.Table(
    "directory_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("entry_id", sa.ForeignKey("directory_entries.id"), nullable=False, index=True),
    sa.Column("event", sa.String, nullable=False),          # panel_toolkit.directory.states.EventKind
    sa.Column("ground", sa.String, nullable=False),         # the article, e.g. 第十七条(一)
    sa.Column("occurred_on", sa.Date, nullable=False),      # the date of the decision or the fact
    sa.Column("deadline", sa.Date),                         # end of the period started; removal: ban ends
    sa.Column("status_before", sa.String, nullable=False),
    sa.Column("status_after", sa.String, nullable=False),
    sa.Column("note", sa.String, nullable=False, default=""),
    sa.Column("override_reason", sa.String, nullable=False, default="", server_default=""),   # a step taken before its period ended
    sa.Column("acting_for", sa.String, nullable=False, default="", server_default=""),        # the county the city acted for
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)

annual_reports = sa.Table(
    "annual_reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("entry_id", sa.ForeignKey("directory_entries.id"), nullable=False, index=True),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("received_on", sa.Date, nullable=False),
    # 第十六条: 劳务品牌的使用情况、发展状况（是否有违法违纪行为、重大投诉事件、重大质量安全事故）
    sa.Column("brand_use", sa.String, nullable=False, default="", server_default=""),
    sa.Column("development", sa.String, nullable=False, default="", server_default=""),
    sa.Column("violations", sa.Boolean),
    sa.Column("major_complaints", sa.Boolean),
    sa.Column("major_accidents", sa.Boolean),
    sa.Column("replaces_id", sa.Integer),                  # the earlier report of the year it replaces
    sa.Column("reason", sa.String, nullable=False, default="", server_default=""),   # why it replaces the earlier one
    sa.Column("note", sa.String, nullable=False, default=""),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)
# Both are append-only: panel_toolkit.store.append_only puts the triggers on them.
