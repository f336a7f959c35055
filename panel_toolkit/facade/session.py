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

    _SERVICES = {"ctx": SessionContext, "scope": Scope, "apps": Applications, "intake": Intake, "screening": Screening,
                "eligible": Eligibility, "removals": Removals, "events": Events, "pool": Pool, "panel": Panel,
                "sheets": Sheets, "evidence_files": Evidence, "viewers": Viewers, "aggregation": Aggregation,
                "ties": Ties, "closing": Closure, "notices": Notice, "recognition": Recognition,
                "materials": Materials}

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
    closure = delegate("ctx")
    closed_at = delegate("ctx")
    application = delegate("scope")
    require_candidate = delegate("scope")
    applications_frame = delegate("apps")

    @property
    def scope(self):
        return self.ctx.scope

    # -- applications, screening, eligibility ----------------------------------------------
    import_applications = delegate("intake")
    record_screening = delegate("screening")
    screening_frame = delegate("screening")
    screening_status = delegate("screening")
    eligibility = delegate("eligible")
    candidate_ids = delegate("eligible")

    # -- removals and the event log ---------------------------------------------------------
    record_removal = delegate("removals")
    correct_removal = delegate("removals")
    removals_list = delegate("removals")
    removals_frame = delegate("removals")
    events_frame = delegate("events")

    # -- the pool, the draw, assignments ------------------------------------------------------
    import_experts = delegate("pool")
    experts_frame = delegate("pool")
    declare_conflict = delegate("pool")
    conflicts_frame = delegate("pool")
    issue_links = delegate("pool")
    revoke_token = delegate("pool")
    draw = delegate("panel")
    draws_frame = delegate("panel")
    verify_draw = delegate("panel")
    assignments_frame = delegate("panel")
    my_assignments = delegate("panel")
    assignment = delegate("panel")
    swap_expert = delegate("panel")
    replaced_sheets = delegate("panel")
    add_expert = delegate("panel")

    def _matrix(self, application_ids, expert_ids=None):   # tests look at the live conflict matrix
        return self.scope.matrix(application_ids, expert_ids)

    # -- score sheets and evidence ------------------------------------------------------------
    sheet = delegate("sheets")
    my_sheets = delegate("sheets")
    sheet_states = delegate("sheets")
    save_draft = delegate("sheets")
    submit_sheet = delegate("sheets")
    add_evidence = delegate("evidence_files")
    remove_evidence = delegate("evidence_files")
    evidence = delegate("evidence_files")
    evidence_bytes = delegate("evidence_files")
    evidence_dir = delegate("evidence_files")
    _write_submitted_sheet = delegate("sheets")

    # -- staff links --------------------------------------------------------------------------
    issue_viewer_link = delegate("viewers")
    viewer_links_frame = delegate("viewers")
    revoke_viewer_link = delegate("viewers")

    # -- aggregation and the chair ------------------------------------------------------------
    scores_frame = delegate("aggregation")
    aggregation_inputs = delegate("aggregation")
    aggregate = delegate("aggregation")
    flags = delegate("aggregation")
    reliability = delegate("aggregation")
    sensitivity = delegate("aggregation")
    request_revision = delegate("aggregation")
    confirm_veto = delegate("aggregation")
    dismiss_veto = delegate("aggregation")
    vetoes_frame = delegate("aggregation")
    confirm_proposed_list = delegate("aggregation")
    confirmation = delegate("aggregation")
    confirmation_is_current = delegate("aggregation")
    confirmed_list = delegate("aggregation")
    import_scores = delegate("aggregation")
    scores_template = delegate("aggregation")
    tie_order = delegate("ties")
    tie_decisions_frame = delegate("ties")
    reopen = delegate("closing")
    decide_tie = delegate("closing")
    confirmation_day = delegate("closing")
    rules_changed_on_disk = delegate("closing")

    # -- notice, objections, recognition, documents -------------------------------------------
    work_calendar = delegate("notices")
    notice_period = delegate("notices")
    proposed_rows = delegate("notices")
    preview_notice = delegate("notices")
    publish_notice = delegate("notices")
    notice = delegate("notices")
    notice_text = delegate("notices")
    write_notice = delegate("notices")
    register_objection = delegate("notices")
    investigate_objection = delegate("notices")
    decide_objection = delegate("notices")
    objections_frame = delegate("notices")
    recognise = delegate("recognition")
    recognitions_frame = delegate("recognition")
    recognised_list = delegate("recognition")
    result_document = delegate("recognition")
    result_text = delegate("recognition")
    write_result = delegate("recognition")
    certificate = delegate("recognition")
    announcement = delegate("recognition")
    plaque = delegate("recognition")

    # -- application materials ------------------------------------------------------------------
    material_store = delegate("materials")
    add_materials = delegate("materials")
    import_materials = delegate("materials")
    materials_frame = delegate("materials")
    material_content = delegate("materials")
    material_page = delegate("materials")


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
