"""The session facade: the one Python API that the CLI, the Voila apps and the notebooks call.

:class:`Session` builds one :class:`~.context.SessionContext` (session id, rules, actor, guarded store, access
scope, event log) and the services of each concern, each given the context and the services it uses; its public
names are one-line delegations to them. Roles are checked in the services, per call (:mod:`.scope` for who sees
what; :func:`~.context.writes` marks every write, which a viewer is refused).

Services (private attributes: every public name of the session is role-checked, ``tests/facade/test_scope.py``),
and what each is given (read downwards: nothing calls up)::

    apps          Applications(ctx)                         the applications the actor may see
    screening     Screening(ctx, apps)                      初审 / 复审 (第十、十一条)
    removals      Removals(ctx)                             第二十条 removals a session's E7 reads
    eligible      Eligibility(ctx, apps, screening, removals)   第八条 E1–E7, candidates
    pool          Pool(ctx, apps, eligible)                 专家库, declared conflicts, personal links
    panel         Panel(ctx, apps, eligible, pool)          the draw, assignments, the chair's changes
    sheets        Sheets(ctx, panel)                        score sheets (资料评审 + 实地核查)
    evidence_files  Evidence(ctx, sheets)                   佐证材料 kept with a site sheet
    ties          Ties(ctx)                                 the chair's order among ties
    aggregation   Aggregation(ctx, apps, eligible, panel, sheets, ties)   the proposed list, vetoes, confirmation
    closing       Closure(ctx, aggregation)                 reopen, tie decisions, confirmation day
    notices       Notice(ctx, aggregation, closing)         公示, objections
    recognition   Recognition(ctx, notices)                 认定授牌, the result, certificates, plaques, 第九条 公告
    intake, materials, viewers, events                       applications in, 申报材料, staff links, the log
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..actor import Actor
from ..config import SessionConfig
from .aggregation import Aggregation
from .applications import Applications
from .closure import Closure
from .context import SessionContext, delegate
from .eligibility import Eligibility
from .evidence import Evidence
from .intake import Intake
from .materials import Materials
from .notice import Notice
from .panel import Panel
from .pool import Pool
from .recognition import Recognition
from .removals import Events, Removals
from .scope import Scope
from .screening import Screening
from .sheets import Sheets
from .ties import Ties
from .viewers import Viewers

if TYPE_CHECKING:
    from ..folder import Folder


class Session:
    """One review session (评审批次) as seen by one actor."""

    _SERVICES = {"_ctx": SessionContext, "_scope": Scope, "_apps": Applications, "_intake": Intake,
                 "_screening": Screening, "_eligible": Eligibility, "_removals": Removals, "_events": Events,
                 "_pool": Pool, "_panel": Panel, "_sheets": Sheets, "_evidence_files": Evidence, "_viewers": Viewers,
                 "_aggregation": Aggregation, "_ties": Ties, "_closing": Closure, "_notices": Notice,
                 "_recognition": Recognition, "_materials": Materials}

    def __init__(self, workspace: "Folder", config: SessionConfig, actor: Actor):
        self._ctx = ctx = SessionContext(workspace, config, actor)
        self.workspace, self.config, self.actor, self.store = workspace, config, actor, ctx.store
        self.id, self.rubric = config.id, config.rubric
        ctx.register()
        self._apps = Applications(ctx)
        self._screening = Screening(ctx, self._apps)
        self._removals = Removals(ctx)
        self._eligible = Eligibility(ctx, self._apps, self._screening, self._removals)
        self._pool = Pool(ctx, self._apps, self._eligible)
        self._panel = Panel(ctx, self._apps, self._eligible, self._pool)
        self._sheets = Sheets(ctx, self._panel)
        self._evidence_files = Evidence(ctx, self._sheets)
        self._ties = Ties(ctx)
        self._aggregation = Aggregation(ctx, self._apps, self._eligible, self._panel, self._sheets, self._ties)
        self._closing = Closure(ctx, self._aggregation)
        self._notices = Notice(ctx, self._aggregation, self._closing)
        self._recognition = Recognition(ctx, self._notices)
        self._intake = Intake(ctx)
        self._materials = Materials(ctx, self._apps)
        self._viewers = Viewers(ctx)
        self._events = Events(ctx)

    def __repr__(self) -> str:
        return f"<Session {self.id} {self.config.title.zh} as {self.actor.role}:{self.actor.name}>"

    # -- the session's state and who sees what --------------------------------------------
    closure = delegate("_ctx")
    closed_at = delegate("_ctx")
    application = delegate("_scope")
    require_candidate = delegate("_scope")
    applications_frame = delegate("_apps")

    @property
    def _scope(self):
        return self._ctx.scope

    # -- applications, screening, eligibility ----------------------------------------------
    import_applications = delegate("_intake")
    record_screening = delegate("_screening")
    screening_frame = delegate("_screening")
    screening_status = delegate("_screening")
    eligibility = delegate("_eligible")
    candidate_ids = delegate("_eligible")

    # -- removals and the event log ---------------------------------------------------------
    record_removal = delegate("_removals")
    correct_removal = delegate("_removals")
    removals_list = delegate("_removals")
    removals_frame = delegate("_removals")
    events_frame = delegate("_events")

    # -- the pool, the draw, assignments ------------------------------------------------------
    import_experts = delegate("_pool")
    experts_frame = delegate("_pool")
    declare_conflict = delegate("_pool")
    conflicts_frame = delegate("_pool")
    issue_links = delegate("_pool")
    revoke_token = delegate("_pool")
    draw = delegate("_panel")
    draws_frame = delegate("_panel")
    verify_draw = delegate("_panel")
    assignments_frame = delegate("_panel")
    my_assignments = delegate("_panel")
    assignment = delegate("_panel")
    swap_expert = delegate("_panel")
    replaced_sheets = delegate("_panel")
    add_expert = delegate("_panel")

    # -- score sheets and evidence ------------------------------------------------------------
    sheet = delegate("_sheets")
    my_sheets = delegate("_sheets")
    sheet_states = delegate("_sheets")
    save_draft = delegate("_sheets")
    submit_sheet = delegate("_sheets")
    add_evidence = delegate("_evidence_files")
    remove_evidence = delegate("_evidence_files")
    evidence = delegate("_evidence_files")
    evidence_bytes = delegate("_evidence_files")
    evidence_dir = delegate("_evidence_files")
    _write_submitted_sheet = delegate("_sheets")   # the demo's synthetic scores, written as paper sheets are

    # -- staff links --------------------------------------------------------------------------
    issue_viewer_link = delegate("_viewers")
    viewer_links_frame = delegate("_viewers")
    revoke_viewer_link = delegate("_viewers")

    # -- aggregation and the chair ------------------------------------------------------------
    scores_frame = delegate("_aggregation")
    aggregation_inputs = delegate("_aggregation")
    aggregate = delegate("_aggregation")
    flags = delegate("_aggregation")
    reliability = delegate("_aggregation")
    sensitivity = delegate("_aggregation")
    request_revision = delegate("_aggregation")
    confirm_veto = delegate("_aggregation")
    dismiss_veto = delegate("_aggregation")
    vetoes_frame = delegate("_aggregation")
    confirm_proposed_list = delegate("_aggregation")
    confirmation = delegate("_aggregation")
    confirmation_is_current = delegate("_aggregation")
    confirmed_list = delegate("_aggregation")
    import_scores = delegate("_aggregation")
    scores_template = delegate("_aggregation")
    tie_order = delegate("_ties")
    tie_decisions_frame = delegate("_ties")
    reopen = delegate("_closing")
    decide_tie = delegate("_closing")
    confirmation_day = delegate("_closing")
    rules_changed_on_disk = delegate("_closing")

    # -- notice, objections, recognition, documents -------------------------------------------
    work_calendar = delegate("_notices")
    notice_period = delegate("_notices")
    proposed_rows = delegate("_notices")
    preview_notice = delegate("_notices")
    publish_notice = delegate("_notices")
    notice = delegate("_notices")
    notice_text = delegate("_notices")
    write_notice = delegate("_notices")
    register_objection = delegate("_notices")
    investigate_objection = delegate("_notices")
    decide_objection = delegate("_notices")
    objections_frame = delegate("_notices")
    recognise = delegate("_recognition")
    recognitions_frame = delegate("_recognition")
    recognised_list = delegate("_recognition")
    result_document = delegate("_recognition")
    result_text = delegate("_recognition")
    write_result = delegate("_recognition")
    certificate = delegate("_recognition")
    announcement = delegate("_recognition")
    plaque = delegate("_recognition")

    # -- application materials ------------------------------------------------------------------
    material_store = delegate("_materials")
    add_materials = delegate("_materials")
    import_materials = delegate("_materials")
    materials_frame = delegate("_materials")
    material_content = delegate("_materials")
    material_page = delegate("_materials")


def write_methods(facade) -> set[str]:
    """The public methods of a facade (a :class:`Session` or a :class:`~.directory.Directory`) marked
    :func:`~.context.writes`: the ones a viewer is refused."""
    out = set()
    for name in dir(facade):
        if name.startswith("_"):
            continue
        attr = getattr(type(facade), name, None)
        if isinstance(attr, property):
            continue
        if getattr(getattr(facade, name), "writes", False):
            out.add(name)
    return out
