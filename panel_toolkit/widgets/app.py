"""The expert scoring app (专家评分): the personal link opens the expert's own list; a candidate opens
its dossier and the material or site form. Everything goes through the session facade as that
expert, so the facade's rules (own assignments only, 回避, independence) hold here too.

    from panel_toolkit.widgets import expert_app
    expert_app(get_query_string())          # in notebooks/expert_scoring.ipynb under Voila

No token or a bad one: one neutral message and nothing else.
"""
from __future__ import annotations

import html
import sys
from urllib.parse import parse_qs

import ipywidgets as ipw
import traitlets

from .. import settings
from ..errors import AccessDenied, PanelError
from ..panel.tokens import QUERY_KEY
from ..workspace import Workspace
from .candidate_list import CandidateList
from .connection import PageHelper
from .dossier import Dossier
from .material_form import MaterialForm
from .materials import MaterialsBox
from .messages import text
from .printable import PrintLink
from .site_form import SiteForm
from .style import CSS

ENV_WORKSPACE = "PANEL_TOOLKIT_WORKSPACE"
ENV_DB = "PANEL_TOOLKIT_DB"
ENV_LANG = "PANEL_TOOLKIT_LANG"


#: The apps' workspace is the plain one: its rules reader (:meth:`~panel_toolkit.folder.Folder.rules`) already
#: reuses parsed rules while the files and the closing confirmation stay the same.
AppWorkspace = Workspace


def open_workspace() -> AppWorkspace:
    """The workspace ``panel-toolkit serve`` points the kernels at ($PANEL_TOOLKIT_WORKSPACE, $PANEL_TOOLKIT_DB),
    its session files already parsed."""
    ws = Workspace(settings.get(ENV_WORKSPACE) or ".", settings.get(ENV_DB))
    ws.warm()
    return ws


def token_from_query(query_string: str | None) -> str | None:
    values = parse_qs(query_string or "").get(QUERY_KEY) or [None]
    return values[0]


def sheet_from_query(query_string: str | None) -> int:
    value = (parse_qs(query_string or "").get("sheet") or ["0"])[0]
    # ASCII digits only: "²".isdigit() is true but int("²") fails; a page address is never a reason to crash
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0


def expert_app(query_string: str | None, workspace: Workspace | None = None, lang: str | None = None) -> ipw.Widget:
    """The app for the personal link's query string (``token=…``), or the neutral notice."""
    lang = lang or settings.get(ENV_LANG)
    try:
        ws = workspace or open_workspace()
    except Exception as e:  # a misconfigured server: say nothing more to the browser
        print(f"panel_toolkit: cannot open the workspace: {e!r}", file=sys.__stderr__)  # server log, not the page
        return notice(text("unavailable", lang))
    app = ExpertApp.for_token(ws, token_from_query(query_string), lang)
    sheet = sheet_from_query(query_string)
    if sheet and isinstance(app, ExpertApp):
        app.open_sheet(sheet)     # after a reload: the sheet the expert was on (the facade checks it is theirs)
    return app


def guide_html(config, lang: str = "zh") -> str:
    """The expert's page says what to do, by when (the session's due date, when set) and whom to ask (the bureau)."""
    e = html.escape
    lines = []
    due = getattr(config, "due_date", None)
    if due is not None:
        lines.append(f"<b class='guide-due due-date'>{e(text('guide_due', lang, due=due.strftime('%Y-%m-%d')))}</b>")
    lines.append(f"<span class='guide-todo'>{e(text('guide_todo', lang))}</span>")
    n = config.notice
    contact = "　".join(x for x in (n.contact_unit or n.issuer, n.contact_phone, n.contact_email) if x)
    if contact:
        lines.append(f"<span class='guide-contact'>{e(text('guide_contact', lang, contact=contact))}</span>")
    return "<div class='pt-guide'>" + "<br>".join(lines) + "</div>"


def notice(message: str) -> ipw.VBox:
    box = ipw.VBox([ipw.HTML(CSS), ipw.HTML(f"<div class='notice'>{html.escape(message)}</div>")])
    box.add_class("pt-app")
    box.add_class("pt-notice")
    return box


class ExpertApp(ipw.VBox):
    current = traitlets.Int(0)       # the open assignment; 0 = the list

    @classmethod
    def for_token(cls, workspace: Workspace, token: object, lang: str = "zh") -> ipw.Widget:
        try:
            session = workspace.session_for_token(token)
        except AccessDenied:
            return notice(text("neutral", lang))
        except Exception as e:
            print(f"panel_toolkit: opening a personal link failed: {e!r}", file=sys.__stderr__)  # server log
            return notice(text("unavailable", lang))
        return cls(session, lang)

    def __init__(self, session, lang: str = "zh"):
        super().__init__(layout=ipw.Layout(width="100%"))
        self.add_class("pt-app")
        self.session, self.lang = session, lang
        self.form = None
        self._elig: dict | None = None
        e = html.escape
        title = session.config.title(lang)
        self.progress = ipw.HTML()
        self.progress.add_class("pt-progress")
        head = ipw.HTML(f"<h2>{e(text('app_title', lang))}</h2><div class='pt-who'><span class='session-title'>{e(title)}</span>"
                        f"<span class='expert-name'>{e(text('expert', lang, name=session.actor.name))}</span></div>")
        header = ipw.VBox([head, self.progress, ipw.HTML(guide_html(session.config, lang))])
        header.add_class("pt-header")
        self.message = ipw.HTML()
        self.message.add_class("app-message")
        frame = session.my_sheets()
        self.candidates = CandidateList(frame, lang)
        self.candidates.observe(lambda ch: ch["new"] and self.open_sheet(ch["new"]), "selected")
        self.body = ipw.VBox([self.candidates], layout=ipw.Layout(width="100%"))
        self._show_progress(frame)
        self.address = PageHelper()
        self.leave_text = ipw.HTML()
        stay = ipw.Button(description=text("leave_stay", lang), button_style="primary", layout=ipw.Layout(width="auto"))
        stay.add_class("leave-stay")
        stay.on_click(lambda _b: setattr(self.leave.layout, "display", "none"))
        go = ipw.Button(description=text("leave_go", lang), layout=ipw.Layout(width="auto"))
        go.add_class("leave-go")
        go.on_click(lambda _b: self.show_list())
        self.leave = ipw.HBox([self.leave_text, stay, go], layout=ipw.Layout(display="none", flex_flow="row wrap",
                                                                             align_items="center"))
        self.leave.add_class("leave-confirm")
        self.children = [ipw.HTML(CSS), header, self.message, self.body, self.address]

    # -- navigation ------------------------------------------------------------------------------
    def open_sheet(self, assignment_id: int):
        """Show one assignment's dossier and form."""
        self.message.value = ""
        try:
            sheet = self.session.sheet(assignment_id)
            app = self.session.application(sheet.application_id)
        except PanelError as e:
            self.message.value = f"<div class='error'>{html.escape(e.message(self.lang))}</div>"
            return None
        except Exception as e:  # never a traceback in the browser
            print(f"panel_toolkit: opening sheet {assignment_id} failed: {e!r}", file=sys.__stderr__)
            self.message.value = f"<div class='error'>{html.escape(text('unavailable', self.lang))}</div>"
            return None
        form_class = MaterialForm if sheet.part == "material" else SiteForm
        form = form_class(self.session, assignment_id, self.lang, sheet=sheet)
        form.observe(lambda ch: self._refresh_list(), "state")
        back = ipw.Button(description=text("back", self.lang), layout=ipw.Layout(width="auto", align_self="flex-start"))
        back.add_class("back")
        back.on_click(lambda _b: self.request_list())
        e = html.escape
        heading = (f"<div class='sheet-head'><h3>{e(text('sheet_title', self.lang, part=text('part_' + sheet.part, self.lang)))}</h3>"
                   f"<span>{e(str(app['unit_name']))} · {e(str(app['brand_name']))}</span></div>")
        if sheet.revision:
            heading += f"<div class='hint'>{e(text('revision', self.lang, n=sheet.revision, reason=sheet.revision_reason or ''))}</div>"
        dossier = Dossier(app, self._eligibility(sheet.application_id), self.session.config.training_years, self.lang)
        materials = MaterialsBox(self.session, sheet.application_id, self.lang)
        printer = PrintLink(form, self.session.actor.name, app, self.session.config.title(self.lang))
        self.form = form
        self.leave.layout.display = "none"
        self.body.children = [back, self.leave, ipw.HTML(heading), dossier, materials, form, printer]
        self.current = int(assignment_id)
        self.address.sheet = int(assignment_id)
        return form

    def request_list(self) -> None:
        """返回列表: save what is pending; a value that could not be saved is not dropped without asking."""
        form = self.form
        if form is not None:
            form.flush()
            unsaved = form.unsaved if form.state == "draft" or form.state == "none" else []
            if form.state == "stale":
                unsaved = unsaved or ["—"]
            if unsaved:
                self.leave_text.value = html.escape(text("leave_title", self.lang, n=len(unsaved), items="、".join(unsaved)))
                self.leave.layout.display = "flex"
                return
        self.show_list()

    def show_list(self) -> None:
        self.leave.layout.display = "none"
        self.form = None
        self.address.sheet = 0
        self._refresh_list()
        self.body.children = [self.candidates]
        self.current = 0

    # -- helpers ----------------------------------------------------------------------------------
    def _refresh_list(self) -> None:
        frame = self.session.my_sheets()
        self.candidates.refresh(frame)
        self._show_progress(frame)

    def _show_progress(self, frame) -> None:
        done = int((frame["state"] == "submitted").sum()) if len(frame) else 0
        self.progress.value = (f"<span class='progress-text'>{html.escape(text('progress', self.lang, done=done, total=len(frame)))}"
                               "</span>")

    def _eligibility(self, application_id: int) -> dict | None:
        if self._elig is None:
            try:
                frame = self.session.eligibility(lang=self.lang).to_frame()
                self._elig = {int(i): row.to_dict() for i, row in frame.iterrows()}
            except PanelError:
                self._elig = {}
        return self._elig.get(int(application_id))
