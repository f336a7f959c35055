"""What the material and site forms share: autosave, the version check, submit and read-only.

Every committed change (a score on Enter/blur, a verdict, a tick) is saved at once as a draft through
:meth:`~panel_toolkit.facade.sheets.SheetsMixin.save_draft`; typed text (comments, reasons) a moment
after typing stops (:mod:`.autosave`). Values are checked with the one set of rules
(:func:`~panel_toolkit.sheets.rules.check_entry`) before saving; a bad value is shown beside its field
and not saved. A save refused as stale (another window saved since) stops all saving and says so.

Traits: ``sheet`` (the :class:`~panel_toolkit.sheets.Sheet` as last stored) and ``state``
(none / draft / submitted / stale).
"""
from __future__ import annotations

import html
import sys
from collections.abc import Callable

import ipywidgets as ipw
import traitlets

from ..errors import IncompleteSheet, InvalidScore, PanelError, Problem, SheetLocked, StaleSheet
from ..sheets.rules import Entry, check_entry, check_sheet, part_max, totals
from ..sheets.sheet import Sheet
from .autosave import DELAY, Debouncer
from .connection import SaveStatus
from .messages import clock, fmt, stamp, text

VETOES = "__vetoes__"


class ItemRow(ipw.Box):
    """One criterion or site item: its text on the left, its inputs on the right (wrapping on tablets)."""

    def __init__(self, item_id: str, on_change: Callable[[str, bool], None], lang: str = "zh"):
        super().__init__(layout=ipw.Layout(display="flex", flex_flow="row wrap", width="100%"))
        self.item_id, self.lang = item_id, lang
        self._on_change = on_change
        self._quiet = False
        self.add_class("item-row")
        self.add_class(f"row-{item_id}")
        self.error = ipw.HTML()
        self.error.add_class(f"error-{item_id}")
        self.hint = ipw.HTML()

    def changed(self, debounced: bool = False) -> None:
        if not self._quiet:
            self._on_change(self.item_id, debounced)

    def entry(self) -> Entry:  # the raw values as typed
        raise NotImplementedError

    def show(self, entry: Entry | None) -> None:
        raise NotImplementedError

    def inputs(self) -> list[ipw.DOMWidget]:
        raise NotImplementedError

    def set_error(self, message: str) -> None:
        self.error.value = f"<span class='error'>{html.escape(message)}</span>" if message else ""

    def set_hint(self, message: str) -> None:
        self.hint.value = f"<span class='hint'>{html.escape(message)}</span>" if message else ""

    def set_disabled(self, disabled: bool) -> None:
        for w in self.inputs():
            w.disabled = disabled

    def mark_missing(self, missing: bool) -> None:
        (self.add_class if missing else self.remove_class)("missing")


class SheetForm(ipw.VBox):
    sheet = traitlets.Instance(Sheet, allow_none=True)
    state = traitlets.Unicode("none")

    part = ""

    def __init__(self, session, assignment_id: int, lang: str = "zh", delay: float = DELAY, sheet: Sheet | None = None):
        super().__init__(layout=ipw.Layout(width="100%"))
        self.add_class("sheet-form")
        self.add_class(f"form-{self.part}")
        self.session, self.assignment_id, self.lang = session, int(assignment_id), lang
        self.tz = session.config.time_zone     # every time shown in the session's zone, like the dashboards
        self.rubric = session.rubric
        self._debounce = Debouncer(delay)
        self._dirty: set[str] = set()
        self._loading = False
        self.rows: dict[str, ItemRow] = {}
        from .vetoes import VetoBox

        self.vetoes = VetoBox(self.rubric, lang, on_change=lambda debounced: self._changed(VETOES, debounced))
        self.status = SaveStatus(on_reconnect=self.resync, offline_message=text("offline", lang),
                                 resync_message=text("resync", lang))
        self.stale_choice = StaleChoice(self)
        self.totals = ipw.HTML()
        self.totals.add_class("totals")
        self.total_label = self.totals
        self.submit_button = ipw.Button(description=text("submit", lang), button_style="primary",
                                        layout=ipw.Layout(width="auto"))
        self.submit_button.add_class("submit")
        self.submit_button.on_click(lambda _b: self.request_submit())
        self.confirm_button = ipw.Button(description=text("submit_confirm", lang), button_style="danger",
                                         layout=ipw.Layout(width="auto"))
        self.confirm_button.add_class("submit-confirm")
        self.confirm_button.on_click(lambda _b: self.submit())
        self.cancel_button = ipw.Button(description=text("cancel", lang), layout=ipw.Layout(width="auto"))
        self.cancel_button.add_class("submit-cancel")
        self.cancel_button.on_click(lambda _b: self._show_confirm(False))
        self.confirm_text = ipw.HTML(html.escape(text("submit_confirm_text", lang)))
        self.confirm = ipw.HBox([self.confirm_text, self.confirm_button, self.cancel_button],
                                layout=ipw.Layout(display="none", flex_flow="row wrap", align_items="center"))
        self.confirm.add_class("confirm")
        self.problems = ipw.HTML()
        self.problems.add_class("submit-problems")
        row = ipw.HBox([self.totals, self.status, self.submit_button, self.confirm],
                       layout=ipw.Layout(width="100%", flex_flow="row wrap"))
        row.add_class("bar-row")
        bar = ipw.VBox([self.stale_choice, self.problems, row], layout=ipw.Layout(width="auto"))
        bar.add_class("submit-bar")
        self.extra: list[ipw.DOMWidget] = []
        body = self.build()
        self.children = [*body, self.vetoes, *self.extra, bar]
        self.load(sheet if sheet is not None else session.sheet(self.assignment_id))

    # -- to be given by a part's form ---------------------------------------------------------
    def build(self) -> list[ipw.DOMWidget]:
        raise NotImplementedError

    def after_change(self, item_id: str) -> None:
        """A part's own reaction to a committed value (the site form: verdict caps, the starred veto)."""

    def update_totals(self) -> None:
        _, total = totals(self.rubric, self.part, self.sheet.entries)
        self.totals.value = html.escape(text("total", self.lang, value=fmt(total), max=fmt(part_max(self.rubric, self.part))))

    # -- loading ------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return self.sheet.version if self.sheet is not None else 0

    def load(self, sheet: Sheet) -> None:
        """Show a stored sheet (no save is triggered)."""
        self._loading = True
        try:
            for item_id, row in self.rows.items():
                row.show(sheet.entries.get(item_id))
                row.set_error("")
            self.vetoes.set_proposals(sheet.vetoes)
        finally:
            self._loading = False
        self._dirty.clear()
        self.sheet = sheet
        self.state = sheet.state
        self.update_totals()
        if sheet.locked:
            self._lock()
        elif sheet.updated_at is not None:
            self._status("saved", text("saved", self.lang, time=clock(sheet.updated_at, self.tz)))

    # -- autosave -----------------------------------------------------------------------------
    def _changed(self, key: str, debounced: bool) -> None:
        if self._loading or self.state in ("submitted", "stale"):
            return
        self._dirty.add(key)
        if key != VETOES and not debounced:
            self.after_change(key)
        if debounced:
            self._debounce.call("save", self.flush)
        else:
            self._debounce.cancel("save")
            self.flush()

    def flush(self) -> None:
        """Save every value changed since the last save (the valid ones; a bad one is shown, kept dirty)."""
        self._debounce.cancel("save")
        if not self._dirty or self.state in ("submitted", "stale"):
            return
        entries, bad = {}, []
        for key in sorted(self._dirty - {VETOES}):
            row = self.rows[key]
            raw = row.entry()
            try:
                score = check_entry(self.rubric, self.part, key, raw.score, raw.verdict)
            except InvalidScore as e:
                row.set_error(e.message(self.lang))
                bad.append(e)
                continue
            row.set_error("")
            entries[key] = Entry(score, raw.verdict, raw.comment)
        vetoes = self.vetoes.proposals() if VETOES in self._dirty else None
        if entries or vetoes is not None:
            done = self.run(lambda v: self.session.save_draft(self.assignment_id, entries, vetoes, expected_version=v))
            if done is not None:
                self._dirty -= set(entries) | ({VETOES} if vetoes is not None else set())
        if bad and self.state not in ("stale", "submitted"):
            self._status("failed", text("not_saved", self.lang, message=bad[0].message(self.lang)))

    def run(self, op: Callable[[int], Sheet], report: Callable[[str], None] | None = None) -> Sheet | None:
        """Run one versioned facade call with the current version; show its outcome; never raise.
        ``report``: where a refusal's message goes instead of the save bar (an upload's own line)."""
        if self.state in ("submitted", "stale"):
            return None
        try:
            sheet = op(self.version)
        except StaleSheet:
            self._go_stale()
            return None
        except SheetLocked:
            self.load(self.session.sheet(self.assignment_id))
            return None
        except IncompleteSheet as e:
            self._show_problems(e.problems)
            self._status("failed", e.message(self.lang))
            return None
        except InvalidScore as e:
            if e.item_id in self.rows:
                self.rows[e.item_id].set_error(e.message(self.lang))
            self._status("failed", text("not_saved", self.lang, message=e.message(self.lang)))
            return None
        except PanelError as e:
            if report is not None:
                report(e.message(self.lang))
            else:
                self._status("failed", text("not_saved", self.lang, message=e.message(self.lang)))
            return None
        except Exception as e:  # never a traceback in the browser; the server log has it
            print(f"panel_toolkit: saving sheet {self.assignment_id} failed: {e!r}", file=sys.__stderr__)  # server log
            if report is not None:
                report(text("unavailable", self.lang))
            else:
                self._status("failed", text("not_saved", self.lang, message=text("unavailable", self.lang)))
            return None
        self.sheet = sheet
        self.state = sheet.state
        self.update_totals()
        if self.problems.value:      # a list of what is missing is on show: keep it current
            left = check_sheet(self.rubric, self.part, sheet.entries, sheet.vetoes, complete=True)
            if left:
                self._show_problems(left)
            else:
                self.problems.value = ""
                for r in self.rows.values():
                    r.mark_missing(False)
        self._status("saved", text("saved", self.lang, time=clock(sheet.updated_at, self.tz)))
        return sheet

    # -- submit ------------------------------------------------------------------------------
    def request_submit(self) -> list[Problem]:
        """Save what is pending, check completeness with the rules, then ask for confirmation."""
        self.flush()
        if self.state in ("submitted", "stale"):
            return []
        problems = check_sheet(self.rubric, self.part, self.sheet.entries, self.sheet.vetoes, complete=True)
        problems += [Problem(None, k, None, f"{k} 的输入有误，尚未保存", f"{k}: the value typed is not valid and not saved")
                     for k in sorted(self._dirty - {VETOES})]
        if problems:
            self._show_problems(problems)
            return problems
        self.problems.value = ""
        self._show_confirm(True)
        return []

    def submit(self) -> Sheet | None:
        """Submit (after confirmation): the facade checks again and locks the sheet."""
        self._show_confirm(False)
        self.flush()
        sheet = self.run(lambda v: self.session.submit_sheet(self.assignment_id, expected_version=v))
        if sheet is not None:
            self.load(sheet)
            self.problems.value = (f"<div class='submit-success'>{html.escape(text('submit_success', self.lang, time=stamp(sheet.submitted_at, self.tz)))}"
                                   "</div>")
        return sheet

    def _show_problems(self, problems: list[Problem]) -> None:
        items = "".join(f"<li>{html.escape(p.reason(self.lang))}</li>" for p in problems)
        self.problems.value = f"{html.escape(text('incomplete', self.lang, n=len(problems)))}<ul>{items}</ul>"
        for key, row in self.rows.items():
            row.mark_missing(any(p.column == key for p in problems))

    def _show_confirm(self, show: bool) -> None:
        self.confirm.layout.display = "flex" if show else "none"
        self.submit_button.layout.display = "none" if show else None

    # -- read-only states ----------------------------------------------------------------------
    def _lock(self) -> None:
        self._set_disabled(True)
        self.submit_button.layout.display = "none"
        self.confirm.layout.display = "none"
        self._status("locked", text("locked", self.lang, time=stamp(self.sheet.submitted_at, self.tz)))

    def _go_stale(self) -> None:
        """Another window saved since this one read the sheet: stop saving, keep what was typed here and
        show it beside the stored values, with the choice to apply it (a new save, version checked) or drop it."""
        self._debounce.cancel("save")
        typed = {k: self.rows[k].entry() for k in sorted(self._dirty - {VETOES}) if k in self.rows}
        self.state = "stale"
        self._set_disabled(True)
        self.submit_button.disabled = True
        self.confirm.layout.display = "none"
        self._status("stale", text("stale", self.lang))
        try:
            current = self.session.sheet(self.assignment_id)
        except PanelError:
            return
        self.stale_choice.offer(typed, current)

    def resume(self, typed: dict[str, Entry] | None = None) -> None:
        """Leave the stale state on the stored sheet; with ``typed``, type those values in again and save them."""
        current = self.session.sheet(self.assignment_id)
        self.stale_choice.hide()
        self._dirty.clear()
        self.state = current.state
        self.load(current)
        if current.locked:
            return
        self._set_disabled(False)
        self.submit_button.layout.display = None
        for key, entry in (typed or {}).items():
            self.rows[key].show(entry)
            self._dirty.add(key)
        self.flush()

    def resync(self) -> None:
        """The browser is back online: save what is pending (version checked), then say what is stored."""
        if self._dirty:
            self.flush()
        elif self.sheet is not None and self.state == "draft" and self.sheet.updated_at is not None:
            self._status("saved", text("saved", self.lang, time=clock(self.sheet.updated_at, self.tz)))

    @property
    def unsaved(self) -> list[str]:
        """Items typed here and not stored (an invalid value, or a save not yet confirmed)."""
        return sorted(self._dirty - {VETOES})

    def _set_disabled(self, disabled: bool) -> None:
        for row in self.rows.values():
            row.set_disabled(disabled)
        self.vetoes.set_disabled(disabled)
        self.submit_button.disabled = disabled
        for w in self.extra:
            if hasattr(w, "set_disabled"):
                w.set_disabled(disabled)

    def _status(self, kind: str, message: str) -> None:
        self.status.show(kind, message, self.version)


class StaleChoice(ipw.VBox):
    """The stale-tab choice: each value typed here beside the one stored now, apply mine or keep theirs."""

    def __init__(self, form: SheetForm):
        super().__init__(layout=ipw.Layout(display="none", width="100%"))
        self.add_class("stale-choice")
        self.form, self.lang = form, form.lang
        self.table = ipw.HTML()
        self.apply = ipw.Button(description=text("stale_apply", self.lang), button_style="primary", layout=ipw.Layout(width="auto"))
        self.apply.add_class("stale-apply")
        self.discard = ipw.Button(description=text("stale_discard", self.lang), layout=ipw.Layout(width="auto"))
        self.discard.add_class("stale-discard")
        self._typed: dict[str, Entry] = {}
        self.apply.on_click(lambda _b: self.form.resume(self._typed))
        self.discard.on_click(lambda _b: self.form.resume(None))
        self.children = [self.table, ipw.HBox([self.apply, self.discard], layout=ipw.Layout(flex_flow="row wrap"))]

    def offer(self, typed: dict[str, Entry], current: Sheet) -> None:
        self._typed = typed
        e, t = html.escape, lambda k, **kw: html.escape(text(k, self.lang, **kw))  # noqa: E731
        verdicts = {v.id: v.label(self.lang) for v in self.form.rubric.verdicts}

        def show(entry: Entry | None) -> str:
            if entry is None or (entry.score in (None, "") and not entry.verdict):
                return t("stale_empty")
            return e(" ".join(str(x) for x in (entry.verdict and verdicts.get(entry.verdict, entry.verdict),
                                                  entry.score if isinstance(entry.score, str) else fmt(entry.score)) if x))

        rows = "".join(f"<tr><th>{e(k)}</th><td class='stale-typed-{e(k)}'>{show(v)}</td>"
                       f"<td class='stale-current-{e(k)}'>{show(current.entries.get(k))}</td></tr>" for k, v in typed.items())
        if not typed:
            self.table.value = f"<div>{t('stale_nothing')}</div>"
            self.apply.layout.display = "none"
        else:
            self.table.value = (f"<div>{t('stale_explain')}</div><table class='stale-table'><tr><th>{t('stale_item')}</th>"
                                f"<th>{t('stale_yours')}</th><th>{t('stale_theirs')}</th></tr>{rows}</table>")
            self.apply.layout.display = None
        self.apply.disabled = self.discard.disabled = current.locked and bool(typed)
        if current.locked:
            self.apply.layout.display = "none"
            self.discard.disabled = False
        self.layout.display = "flex"

    def hide(self) -> None:
        self._typed = {}
        self.layout.display = "none"
