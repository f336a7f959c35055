"""The session facade: the one Python API that the CLI, the Voila apps and the notebooks call.

:class:`Session` builds one :class:`~.context.SessionContext` (session id, rules, actor, guarded store, access
scope, event log) and the services of each concern, each given the context and the services it uses; its public
names are one-line delegations to them. Roles are checked in the services, per call (:mod:`.scope` for who sees
what; :func:`~.context.writes` marks every write, which a viewer is refused).

Services, and what each is given (read downwards: nothing calls up)::

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
from .context import SessionContext
from .eligibility import Eligibility
from .evidence import Evidence
from .intake import Intake
from .materials import Materials
from .notice import Notice
from .panel import Panel
from .pool import Pool
from .recognition import Recognition
from .removals import Events, Removals
from .screening import Screening
from .sheets import Sheets
from .ties import Ties
from .viewers import Viewers

if TYPE_CHECKING:
    from ..folder import Folder


class _To:
    """``name = _To("service")``: the session's ``name`` is the service's ``name`` (a one-line delegation)."""

    def __init__(self, service: str):
        self.service = service

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, session, owner=None):
        if session is None:
            return self
        return getattr(getattr(session, self.service), self.name)


class Session:
    """One review session (评审批次) as seen by one actor."""

    def __init__(self, workspace: "Folder", config: SessionConfig, actor: Actor):
        self.ctx = ctx = SessionContext(workspace, config, actor)
        self.workspace, self.config, self.actor, self.store = workspace, config, actor, ctx.store
        self.id, self.rubric = config.id, config.rubric
        ctx.register()
        self.apps = Applications(ctx)
        self.screening = Screening(ctx, self.apps)
        self.removals = Removals(ctx)
        self.eligible = Eligibility(ctx, self.apps, self.screening, self.removals)
        self.pool = Pool(ctx, self.apps, self.eligible)
        self.panel = Panel(ctx, self.apps, self.eligible, self.pool)
        self.sheets = Sheets(ctx, self.panel)
        self.evidence_files = Evidence(ctx, self.sheets)
        self.ties = Ties(ctx)
        self.aggregation = Aggregation(ctx, self.apps, self.eligible, self.panel, self.sheets, self.ties)
        self.closing = Closure(ctx, self.aggregation)
        self.notices = Notice(ctx, self.aggregation, self.closing)
        self.recognition = Recognition(ctx, self.notices)
        self.intake = Intake(ctx)
        self.materials = Materials(ctx, self.apps)
        self.viewers = Viewers(ctx)
        self.events = Events(ctx)

    def __repr__(self) -> str:
        return f"<Session {self.id} {self.config.title.zh} as {self.actor.role}:{self.actor.name}>"

    # -- the session's state and who sees what --------------------------------------------
    closure = _To("ctx")
    closed_at = _To("ctx")
    application = _To("scope")
    require_candidate = _To("scope")
    applications_frame = _To("apps")

    @property
    def scope(self):
        return self.ctx.scope

    # -- applications, screening, eligibility ----------------------------------------------
    import_applications = _To("intake")
    record_screening = _To("screening")
    screening_frame = _To("screening")
    screening_status = _To("screening")
    eligibility = _To("eligible")
    candidate_ids = _To("eligible")

    # -- removals and the event log ---------------------------------------------------------
    record_removal = _To("removals")
    correct_removal = _To("removals")
    removals_list = _To("removals")
    removals_frame = _To("removals")
    events_frame = _To("events")

    # -- the pool, the draw, assignments ------------------------------------------------------
    import_experts = _To("pool")
    experts_frame = _To("pool")
    declare_conflict = _To("pool")
    conflicts_frame = _To("pool")
    issue_links = _To("pool")
    revoke_token = _To("pool")
    draw = _To("panel")
    draws_frame = _To("panel")
    verify_draw = _To("panel")
    assignments_frame = _To("panel")
    my_assignments = _To("panel")
    assignment = _To("panel")
    swap_expert = _To("panel")
    replaced_sheets = _To("panel")
    add_expert = _To("panel")

    def _matrix(self, application_ids, expert_ids=None):   # tests look at the live conflict matrix
        return self.scope.matrix(application_ids, expert_ids)

    # -- score sheets and evidence ------------------------------------------------------------
    sheet = _To("sheets")
    my_sheets = _To("sheets")
    sheet_states = _To("sheets")
    save_draft = _To("sheets")
    submit_sheet = _To("sheets")
    add_evidence = _To("evidence_files")
    remove_evidence = _To("evidence_files")
    evidence = _To("evidence_files")
    evidence_bytes = _To("evidence_files")
    evidence_dir = _To("evidence_files")
    _write_submitted_sheet = _To("sheets")

    # -- staff links --------------------------------------------------------------------------
    issue_viewer_link = _To("viewers")
    viewer_links_frame = _To("viewers")
    revoke_viewer_link = _To("viewers")

    # -- aggregation and the chair ------------------------------------------------------------
    scores_frame = _To("aggregation")
    aggregation_inputs = _To("aggregation")
    aggregate = _To("aggregation")
    flags = _To("aggregation")
    reliability = _To("aggregation")
    sensitivity = _To("aggregation")
    request_revision = _To("aggregation")
    confirm_veto = _To("aggregation")
    dismiss_veto = _To("aggregation")
    vetoes_frame = _To("aggregation")
    confirm_proposed_list = _To("aggregation")
    confirmation = _To("aggregation")
    confirmation_is_current = _To("aggregation")
    confirmed_list = _To("aggregation")
    import_scores = _To("aggregation")
    scores_template = _To("aggregation")
    tie_order = _To("ties")
    tie_decisions_frame = _To("ties")
    reopen = _To("closing")
    decide_tie = _To("closing")
    confirmation_day = _To("closing")
    rules_changed_on_disk = _To("closing")

    # -- notice, objections, recognition, documents -------------------------------------------
    work_calendar = _To("notices")
    notice_period = _To("notices")
    proposed_rows = _To("notices")
    preview_notice = _To("notices")
    publish_notice = _To("notices")
    notice = _To("notices")
    notice_text = _To("notices")
    write_notice = _To("notices")
    register_objection = _To("notices")
    investigate_objection = _To("notices")
    decide_objection = _To("notices")
    objections_frame = _To("notices")
    recognise = _To("recognition")
    recognitions_frame = _To("recognition")
    recognised_list = _To("recognition")
    result_document = _To("recognition")
    result_text = _To("recognition")
    write_result = _To("recognition")
    certificate = _To("recognition")
    announcement = _To("recognition")
    plaque = _To("recognition")

    # -- application materials ------------------------------------------------------------------
    material_store = _To("materials")
    add_materials = _To("materials")
    import_materials = _To("materials")
    materials_frame = _To("materials")
    material_content = _To("materials")
    material_page = _To("materials")


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
