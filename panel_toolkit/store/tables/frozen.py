"""The rules a confirmation was computed with (SPEC §7 "closed is closed": edits of rubric or session files
change nothing of a closed session).

``frozen_files``: at the chair's confirmation, in the same transaction, the exact text of the session file and
of its rubric file, one row each, with the SHA-256 of the text. While that confirmation stands (or the session
is recognised) the session's config is read from these rows, not from disk (:mod:`panel_toolkit.facade.frozen`).
``path`` is relative to the workspace folder when the file is inside it (a copied workspace still finds it),
else absolute (a bundled rubric). Append-only (database triggers, :mod:`panel_toolkit.store.append_only`).
"""
import sqlalchemy as sa

from .. import append_only
from ..schema import metadata

frozen_files = sa.Table(
    "frozen_files", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("proposed_list_id", sa.ForeignKey("proposed_lists.id"), nullable=False, index=True),
    sa.Column("kind", sa.String, nullable=False),           # "session" | "rubric"
    sa.Column("path", sa.String, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),     # of the text, UTF-8
    sa.Column("text", sa.Text, nullable=False),
)

append_only.attach(frozen_files)
