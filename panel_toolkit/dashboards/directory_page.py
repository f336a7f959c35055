"""The city's brand-directory page (劳务品牌目录 动态管理, 第十五条–第二十一条), a Voila app for 市人社局.

Small views, each a widget exposing its input as a trait, over one
:class:`~panel_toolkit.facade.directory.Directory`:

- :class:`StatusTable`  — every brand with its status; ``status`` filters (""= all);
- :class:`DeadlineView` — overdue and upcoming deadlines as of ``as_of`` (a date picker);
- :class:`HistoryView`  — the dated history of the brand ``entry_id`` chosen in a selector;
- :class:`PublishedList` — the list of 第二十一条 (suspended and removed brands).

:class:`DirectoryPage` holds them; its ``state`` (:class:`PageState`) says what the page can show: the
views (READY), "no brand yet" (EMPTY), "city only" (DENIED) or an error message (ERROR). Read-only:
changes are recorded through the CLI or the facade.

    from panel_toolkit.dashboards.directory_page import build_page
    build_page()     # in notebooks/directory.ipynb; reads $PANEL_TOOLKIT_WORKSPACE / $PANEL_TOOLKIT_DB
"""
from __future__ import annotations

import datetime as dt
import enum
import html
import sys
from typing import ClassVar

import ipywidgets as ipw
import pandas as pd
import traitlets

from .. import settings
from ..actor import Actor
from ..directory.report import display
from ..directory.states import Status
from ..errors import PanelError
from ..i18n import labels, lang_of, pick
from ..workspace import Workspace

#: Upcoming = due within this many days of the as-of date (a display choice, not a rule of the measures).
UPCOMING_DAYS = 60



def words(lang: str) -> dict[str, str]:
    """The page's texts (``directory_*`` in ``i18n/dashboards.toml``) in ``lang``."""
    return labels("dashboards.directory", lang)


CSS = """
<style>
.pt-dir { max-width: 1180px; margin: 0 auto; font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
          "Noto Sans CJK SC", sans-serif; color: #1f2328; }
.pt-dir .widget-html-content { font-size: 14px; line-height: 1.5; }
.pt-dir .pt-header { border-bottom: 2px solid #b71c1c; padding: 4px 0 8px; margin-bottom: 8px; }
.pt-dir .pt-header h2 { margin: 0; font-size: 20px; color: #b71c1c; }
.pt-dir .pt-header .sub { color: #57606a; font-size: 13px; }
.pt-dir .counts span { display: inline-block; margin-right: 14px; }
.pt-dir table.pt-table { border-collapse: collapse; margin: 4px 0 10px; }
.pt-dir table.pt-table th, .pt-dir table.pt-table td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left;
                                                     vertical-align: top; font-size: 13px; }
.pt-dir table.pt-table th { background: #f6f8fa; font-weight: normal; color: #57606a; white-space: nowrap; }
.pt-dir h4 { margin: 10px 0 4px; font-size: 15px; }
.pt-dir h4.overdue { color: #b71c1c; }
.pt-dir .notice { padding: 24px; margin: 40px auto; max-width: 560px; border: 1px solid #ccc; border-radius: 6px;
                  background: #fafafa; text-align: center; font-size: 16px; }
.pt-dir .muted { color: #57606a; }
.pt-dir .widget-label { min-width: 5em; }
</style>
"""


class PageState(enum.Enum):
    READY = "ready"
    EMPTY = "empty"
    DENIED = "denied"
    ERROR = "error"


def table_html(df: pd.DataFrame, lang: str, empty: str | None = None) -> str:
    """A people's table (escaped: names come from user input); ``empty`` when there are no rows."""
    if df.empty:
        return f"<p class='muted'>{html.escape(empty or words(lang)['none'])}</p>"
    return display(df, lang).to_html(escape=True, index=False, na_rep="", border=0, classes="pt-table")


class StatusTable(ipw.VBox):
    """Every brand with its status; the dropdown sets ``status`` ("" = all)."""

    status = traitlets.Unicode("")
    COLUMNS: ClassVar[list[str]] = ["certificate_no", "brand_name", "unit_name", "county", "recognised_on", "status_label", "deadline",
               "suspensions", "next_re_review"]

    def __init__(self, directory, lang: str = "zh"):
        self.directory, self.lang = directory, lang
        t = words(lang)
        self.filter = ipw.Dropdown(options=[(t["all"], "")] + [(s.label(lang), s.value) for s in Status],
                                   description=t["filter"])
        self.filter.add_class("directory-status-filter")
        self.count = ipw.HTML()
        self.table = ipw.HTML()
        self.table.add_class("directory-status")
        super().__init__([ipw.HBox([self.filter, self.count]), self.table])
        traitlets.link((self.filter, "value"), (self, "status"))
        self.refresh()

    @traitlets.observe("status")
    def _on_status(self, _change) -> None:
        self.refresh()

    def refresh(self) -> None:
        df = self.directory.entries_frame(self.status or None, self.lang)
        self.count.value = f"<span class='muted'>{html.escape(words(self.lang)['count'].format(n=len(df)))}</span>"
        self.table.value = table_html(df[self.COLUMNS], self.lang)


class DeadlineView(ipw.VBox):
    """Overdue deadlines and those due within :data:`UPCOMING_DAYS` of ``as_of``."""

    as_of = traitlets.Instance(dt.date)
    COLUMNS: ClassVar[list[str]] = ["due", "days_left", "certificate_no", "brand_name", "county", "status_label", "kind_label", "article",
               "subject"]

    def __init__(self, directory, lang: str = "zh", as_of: dt.date | None = None):
        self.directory, self.lang = directory, lang
        t = words(lang)
        self.picker = ipw.DatePicker(description=t["as_of"], value=as_of or dt.date.today())
        self.picker.add_class("directory-as-of")
        self.overdue_box, self.upcoming_box = ipw.HTML(), ipw.HTML()
        self.overdue_box.add_class("directory-overdue")
        self.upcoming_box.add_class("directory-upcoming")
        super().__init__([self.picker, self.overdue_box, self.upcoming_box])
        self.picker.observe(self._on_pick, "value")
        self.as_of = self.picker.value          # the observer below fills the tables

    def _on_pick(self, change) -> None:
        if change["new"] is not None:      # a cleared picker keeps the last date
            self.as_of = change["new"]

    @traitlets.observe("as_of")
    def _on_as_of(self, _change) -> None:
        self.refresh()

    def refresh(self) -> None:
        t = words(self.lang)
        df = self.directory.deadlines(self.as_of, UPCOMING_DAYS, self.lang)
        over, soon = df[df["overdue"]], df[~df["overdue"]]
        over = over.assign(days_overdue=-over["days_left"])
        late = ["days_overdue" if c == "days_left" else c for c in self.COLUMNS]
        self.overdue_box.value = (f"<h4 class='overdue'>{t['overdue']}（{len(over)}）</h4>"
                                  + table_html(over[late], self.lang))
        self.upcoming_box.value = (f"<h4>{t['upcoming'].format(days=UPCOMING_DAYS)}（{len(soon)}）</h4>"
                                   + table_html(soon[self.COLUMNS], self.lang))


class HistoryView(ipw.VBox):
    """The dated history of the brand chosen in the selector (``entry_id``; 0 = none chosen)."""

    entry_id = traitlets.Int(0)
    COLUMNS: ClassVar[list[str]] = ["occurred_on", "event_label", "ground", "ground_label", "status_after_label", "deadline", "note", "actor"]

    def __init__(self, directory, lang: str = "zh"):
        self.directory, self.lang = directory, lang
        t = words(lang)
        entries = directory.entries_frame(lang=lang)
        options = [(t["choose"], 0)] + [(f"{r.certificate_no}  {r.brand_name}（{r.unit_name}）", int(i))
                                        for i, r in entries.iterrows()]
        self.selector = ipw.Dropdown(options=options, value=0, description=t["brand"],
                                     layout=ipw.Layout(width="min(640px, 100%)"))
        self.selector.add_class("directory-brand")
        self.body = ipw.HTML()
        self.body.add_class("directory-history")
        super().__init__([self.selector, self.body])
        traitlets.link((self.selector, "value"), (self, "entry_id"))
        self.refresh()

    @traitlets.observe("entry_id")
    def _on_entry(self, _change) -> None:
        self.refresh()

    def refresh(self) -> None:
        if not self.entry_id:
            self.body.value = ""
            return
        t = words(self.lang)
        e = self.directory.entry(self.entry_id)
        h = self.directory.history(self.entry_id, self.lang)
        status = self.directory.entries_frame(lang=self.lang).loc[self.entry_id, "status_label"]
        head = t["history_of"].format(brand=e["brand_name"], unit=e["unit_name"], county=e["county"],
                                      cert=e["certificate_no"], status=status)
        self.body.value = f"<h4>{html.escape(head)}</h4>" + table_html(h[self.COLUMNS], self.lang)


class PublishedList(ipw.VBox):
    """第二十一条: the brands whose mark is suspended or withdrawn, as the website publishes them."""

    COLUMNS: ClassVar[list[str]] = ["certificate_no", "brand_name", "unit_name", "county", "credit_code", "decision", "decided_on",
               "ground", "ground_label", "until"]

    def __init__(self, directory, lang: str = "zh"):
        self.directory, self.lang = directory, lang
        self.table = ipw.HTML()
        self.table.add_class("directory-published")
        super().__init__([ipw.HTML(f"<p class='muted'>{html.escape(words(lang)['published_note'])}</p>"), self.table])
        self.refresh()

    def refresh(self) -> None:
        self.table.value = table_html(self.directory.published_list(self.lang)[self.COLUMNS], self.lang)


class DirectoryPage(ipw.VBox):
    """The page: a header with counts per status, then the views in tabs."""

    state = traitlets.UseEnum(PageState, default_value=PageState.READY)

    def __init__(self, directory, lang: str = "zh", as_of: dt.date | None = None):
        super().__init__(layout=ipw.Layout(width="100%"))
        self.add_class("pt-dir")
        self.directory, self.lang = directory, lang
        t = words(lang)
        header = ipw.HTML(f"<div class='pt-header'><h2>{html.escape(t['title'])}</h2>"
                          f"<div class='sub'>{html.escape(t['subtitle'])}</div></div>")
        self.status_table = self.deadline_view = self.history_view = self.published = None
        try:
            if directory.actor.role != "city":
                self.state = PageState.DENIED
                self.children = [ipw.HTML(CSS), header, _notice(t["denied"])]
                return
            entries = directory.entries_frame(lang=lang)
            if entries.empty:
                self.state = PageState.EMPTY
                self.children = [ipw.HTML(CSS), header, _notice(t["empty"])]
                return
            self.status_table = StatusTable(directory, lang)
            self.deadline_view = DeadlineView(directory, lang, as_of)
            self.history_view = HistoryView(directory, lang)
            self.published = PublishedList(directory, lang)
        except PanelError as e:
            self.state = PageState.ERROR
            self.children = [ipw.HTML(CSS), header, _notice(t["error"].format(msg=e.message(lang)))]
            return
        counts = entries["status"].value_counts()
        summary = ipw.HTML("<div class='counts'>" + "".join(
            f"<span>{html.escape(s.label(lang))} <b>{int(counts.get(s.value, 0))}</b></span>" for s in Status) + "</div>")
        self.tabs = ipw.Tab(children=[self.status_table, self.deadline_view, self.history_view, self.published])
        for i, key in enumerate(("tab_status", "tab_deadlines", "tab_history", "tab_published")):
            self.tabs.set_title(i, t[key])
        self.tabs.add_class("directory-tabs")
        self.children = [ipw.HTML(CSS), header, summary, self.tabs]

    def show_history(self, entry_id: int) -> None:
        """Open the history tab on ``entry_id``."""
        self.history_view.entry_id = int(entry_id)
        self.tabs.selected_index = 2


def _notice(message: str) -> ipw.HTML:
    return ipw.HTML(f"<div class='notice'>{html.escape(message)}</div>")


def build_page(workspace: Workspace | None = None, actor: Actor | None = None, lang: str | None = None,
               as_of: dt.date | None = None) -> ipw.Widget:
    """The page for ``workspace`` as ``actor`` (default: the city, for local use), or — served, without a
    workspace — for the workspace in $PANEL_TOOLKIT_WORKSPACE and $PANEL_TOOLKIT_DB, read-only, as the
    holder of the city staff link in the page's ``?token=`` (a county link, a bad or expired one: refused)."""
    lang = lang_of(lang or settings.get("PANEL_TOOLKIT_LANG"))
    served = workspace is None
    try:
        ws = workspace or Workspace(settings.get("PANEL_TOOLKIT_WORKSPACE"), settings.get("PANEL_TOOLKIT_DB"))
    except Exception as e:  # a misconfigured server: the log says why, the browser says little
        print(f"panel_toolkit: cannot open the workspace: {e!r}", file=sys.stderr)
        box = ipw.VBox([ipw.HTML(CSS), _notice(words(lang)["error"].format(msg=type(e).__name__))])
        box.add_class("pt-dir")
        return box
    if served and actor is None:
        from ..facade.viewers import session_for_viewer_token
        from ..panel.tokens import NEUTRAL_EN, NEUTRAL_ZH
        from .kit import query

        try:
            actor = session_for_viewer_token(ws, query().get("token"), city_only=True).actor
        except PanelError:
            box = ipw.VBox([ipw.HTML(CSS), _notice(pick(lang, NEUTRAL_ZH, NEUTRAL_EN))])
            box.add_class("pt-dir")
            return box
    return DirectoryPage(ws.directory(actor or Actor.city()), lang, as_of)
