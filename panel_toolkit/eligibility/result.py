"""The eligibility result (资格审查结果): a table for a notebook, a DataFrame for an analyst."""
from __future__ import annotations

import datetime as dt
import html

import numpy as np
import pandas as pd

from ..config.rubric import Rubric
from ..i18n import labels, pick, text
from ..intake.fields import BY_KEY
from ..results import TableResult
from .conditions import BY_ID, CONDITION_IDS
from .rules import STATUSES, evaluate

ID_COLUMNS = ("unit_name", "brand_name", "county")
STATUS_COLOURS = {"pass": "#e6f4ea", "check": "#fff4ce", "fail": "#fde7e9"}
MAX_HTML_ROWS = 200


class EligibilityResult(TableResult):
    """The :func:`~panel_toolkit.eligibility.rules.evaluate` frame joined with ``unit_name``, ``brand_name``
    and ``county``. ``to_frame()`` keeps English keys; ``display_frame(lang)`` relabels for people."""

    title = "资格审查 Eligibility check"

    def __init__(self, frame: pd.DataFrame, apps: pd.DataFrame | None = None, lang: str = "zh", title: str = ""):
        if apps is not None:
            ids = apps.loc[frame.index, [c for c in ID_COLUMNS if c in apps.columns]]
            frame = ids.join(frame)
        super().__init__(frame, title)
        self.lang = lang

    @classmethod
    def compute(cls, apps: pd.DataFrame, rubric: Rubric, reference_date: dt.date, removals: pd.DataFrame | None,
                lang: str = "zh") -> "EligibilityResult":
        return cls(evaluate(apps, rubric, reference_date, removals, lang), apps, lang)

    # ------------------------------------------------------------ analyst views

    def summary(self) -> pd.DataFrame:
        """Counts by condition (rows E1…E7 and ``all`` for the overall status) and status (columns)."""
        f = self._frame
        rows = {cid: f[cid].value_counts().reindex(list(STATUSES), fill_value=0) for cid in CONDITION_IDS}
        rows["all"] = f["status"].value_counts().reindex(list(STATUSES), fill_value=0)
        out = pd.DataFrame(rows).T.astype("int64")
        out.index.name = "condition"
        everything = labels("eligibility.word", self.lang)["all"]
        out.insert(0, "label", [BY_ID[c].label(self.lang) if c in BY_ID else everything for c in out.index])
        out.insert(0, "article", [BY_ID[c].cite(self.lang) if c in BY_ID else "" for c in out.index])
        out["total"] = out[list(STATUSES)].sum(axis=1)
        return out

    def long(self) -> pd.DataFrame:
        """One row per application × condition: id, condition, article, status, detail."""
        f, k = self._frame, len(CONDITION_IDS)
        out = pd.DataFrame({
            "id": np.repeat(f.index.to_numpy(), k),
            "condition": np.tile(np.array(CONDITION_IDS, dtype=object), len(f)),
            "article": np.tile(np.array([BY_ID[c].article for c in CONDITION_IDS], dtype=object), len(f)),
            "status": f[list(CONDITION_IDS)].to_numpy(dtype=object).ravel(),
            "detail": f[[f"{c}_detail" for c in CONDITION_IDS]].to_numpy(dtype=object).ravel(),
        })
        for col in ("condition", "article", "detail"):
            out[col] = out[col].astype("str")
        out["status"] = pd.Categorical(out["status"], categories=list(STATUSES), ordered=True)
        return out

    def display_frame(self, lang: str | None = None) -> pd.DataFrame:
        """The table with people's labels: Chinese headers and status words for ``zh``, English for ``en``."""
        lang = lang or self.lang
        words, statuses = labels("eligibility.word", lang), labels("eligibility.status", lang)
        f = self._frame.copy()
        for col in [*CONDITION_IDS, "status"]:
            f[col] = f[col].astype("str").map(statuses)
        yes_no = lambda col: np.where(f[col].to_numpy(dtype=bool), words["yes"], words["no"])  # noqa: E731
        f["ich_relaxed"] = yes_no("ich_relaxed")
        # Screening columns, present when the facade joined them (第十、十一条).
        if "screened_in" in f:
            f["screened_in"] = yes_no("screened_in")
            for col in ("initial_decision", "review_decision"):
                f[col] = f[col].map(labels("eligibility.decision", lang)).fillna("")
        names = {k: pick(lang, BY_KEY[k].header, BY_KEY[k].en) for k in ID_COLUMNS}
        for cid in CONDITION_IDS:
            names[cid] = f"{cid} {BY_ID[cid].label(lang)}"
            names[f"{cid}_detail"] = f"{cid} {words['detail']}"
        names.update({k: words[k] for k in ("status", "ich_relaxed", "name_warning", "initial_decision",
                                            "review_decision", "screened_in")})
        f = f.rename(columns=names)
        f.index.name = words["id"]
        return f

    # ------------------------------------------------------------ notebook display

    def _repr_html_(self) -> str:
        """An HTML table with coloured statuses; every text is escaped (names come from user input)."""
        lang = self.lang
        shown = self._frame.iloc[:MAX_HTML_ROWS]
        display = EligibilityResult(shown, lang=lang).display_frame(lang)
        status_cols = {i for i, c in enumerate(shown.columns) if c in (*CONDITION_IDS, "status")}
        e = html.escape
        head = "".join(f"<th>{e(str(c))}</th>" for c in [display.index.name or "", *display.columns])
        body = []
        for (idx, row), (_, raw) in zip(display.iterrows(), shown.iterrows()):   # display only, ≤ MAX_HTML_ROWS
            cells = [f"<th>{e(str(idx))}</th>"]
            for i, value in enumerate(row.tolist()):
                cell = "" if pd.isna(value) else str(value)
                style = f' style="background:{STATUS_COLOURS[raw.iloc[i]]}"' if i in status_cols else ""
                cells.append(f"<td{style}>{e(cell)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        total = len(self._frame)
        note = ""
        if total > len(shown):
            note = f"<p>{e(text('eligibility.first_rows', lang, shown=MAX_HTML_ROWS, total=total))}</p>"
        caption = f"<h4>{e(self.title)}</h4>" if self.title else ""
        return (f'{caption}<table class="eligibility-result"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table>{note}")
