"""Application materials (申报材料) through the facade: add, import a county's folder, list, open.

Who may do what (checked here, on every call):
- open and list: the experts assigned to the application (active assignment, no conflict — the same
  guard as their sheets), the application's county, the city;
- add: the city; a county to its own applications until the county's initial screening (初审, 第十条) is
  recorded — after that the dossier the experts review is the one the county reported.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..errors import AccessDenied, InputRejected, InvalidState, NotFound, PanelError, Problem
from ..materials import MaterialStore, check_material
from ..materials.files import KINDS, VIEWABLE
from ..materials.render import pdf_page_png
from ..store import schema as t
from ..store import utcnow
from ..store.tables.materials import materials as m
from .context import Service, writes
from .sheets import CONFLICT_RECHECK_S

COLUMNS = ["application_id", "kind", "filename", "media_type", "size", "pages", "sha256", "added_at"]


class Materials(Service):
    def __init__(self, ctx, apps):
        super().__init__(ctx)
        self.apps = apps

    @property
    def material_store(self) -> MaterialStore:
        """The workspace's content-addressed store of application materials."""
        return MaterialStore(self.workspace.root)

    # == adding ================================================================================
    @writes
    def add_materials(self, application_id: int, files: Iterable[tuple[str, bytes]], kind: str | None = None) -> list[int]:
        """Keep ``files`` ((name, content) pairs) with an application; all are checked before any is kept.
        A file already kept with it (same SHA-256) is not added twice. Returns the new material ids."""
        self._may_add(int(application_id))
        checked = [(check_material(name, content, self.config.materials, kind), content) for name, content in files]
        with self.store.write() as conn:
            return self._insert(conn, int(application_id), checked)

    @writes
    def import_materials(self, folder: str | Path) -> dict[int, list[int]]:
        """A county's hand-over (CD, zip): ``folder/<统一社会信用代码>/<files>``, one sub-folder per application.
        Every file is checked first; any problem → InputRejected listing each one, nothing kept."""
        self._require("city", "county")   # before the folder is read: an expert's page reads no server folder
        folder = Path(folder)
        if not folder.is_dir():
            raise NotFound(f"文件夹不存在：{folder}", f"No folder {folder}")
        apps = self.apps.applications_frame()
        by_code = {str(c): int(i) for i, c in apps["credit_code"].items()}
        problems: list[Problem] = []
        plan: dict[int, list] = {}
        for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
            app_id = by_code.get(sub.name.strip().upper())
            if app_id is None:
                problems.append(Problem(None, sub.name, sub.name, "文件夹名不是本批次（本辖区）任何申报的统一社会信用代码",
                                        "the folder name is no credit code of an application of this session (your county)"))
                continue
            try:
                self._may_add(app_id)
            except PanelError as e:
                problems.append(Problem(None, sub.name, sub.name, e.message("zh"), e.message("en")))
                continue
            for f in sorted(p for p in sub.rglob("*") if p.is_file() and not p.name.startswith(".")):
                content = f.read_bytes()
                try:
                    plan.setdefault(app_id, []).append((check_material(f.name, content, self.config.materials), content))
                except PanelError as e:
                    problems.append(Problem(None, f"{sub.name}/{f.relative_to(sub)}", f.name, e.message("zh"), e.message("en")))
        if not plan and not problems:
            problems.append(Problem(None, str(folder), "", "没有找到以统一社会信用代码命名的子文件夹",
                                    "no sub-folder named by a credit code was found"))
        if problems:
            raise InputRejected(str(folder), problems)
        with self.store.write() as conn:
            return {app_id: self._insert(conn, app_id, files) for app_id, files in plan.items()}

    def _insert(self, conn: sa.Connection, application_id: int, checked: list) -> list[int]:
        have = set(conn.execute(sa.select(m.c.sha256).where(m.c.application_id == application_id,
                                                             m.c.removed_at.is_(None))).scalars())
        new = [(c, content) for c, content in checked if c.sha256 not in have]
        limit = self.config.materials.max_files
        if len(have) + len({c.sha256 for c, _ in new}) > limit:
            raise InvalidState(f"每个申报最多保存 {limit} 个材料文件（已有 {len(have)} 个）。",
                               f"At most {limit} material files per application ({len(have)} kept already).")
        ids = []
        for c, content in new:
            if c.sha256 in have:
                continue
            have.add(c.sha256)
            self.material_store.put(c.sha256, content)
            mid = conn.execute(m.insert().values(
                session_id=self.id, application_id=application_id, kind=c.kind, filename=c.filename,
                media_type=c.media_type, size=c.size, pages=c.pages, sha256=c.sha256, actor=self.actor.name,
                added_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "material.added", str(application_id), material_id=mid, filename=c.filename, kind=c.kind,
                      size=c.size, pages=c.pages, sha256=c.sha256)
            ids.append(int(mid))
        return ids

    def _may_add(self, application_id: int) -> None:
        self._require("city", "county")
        self._require_open()                 # the dossier the experts reviewed is frozen with the list (SPEC §7)
        self.scope.application(application_id)     # scoped: another county's application is NotFound
        if self.actor.role == "county":
            s = t.screenings
            with self.store.read() as conn:
                done = conn.execute(sa.select(s.c.id).where(s.c.application_id == application_id, s.c.stage == "initial")
                                    .limit(1)).first()
            if done is not None:
                raise AccessDenied("该申报的初审结论已录入，县(市)区不能再补充材料；如需补充请联系市人社局。",
                                   "The initial screening of this application is recorded; the county can no longer "
                                   "add materials (ask the city).")

    # == reading ===============================================================================
    def materials_frame(self, application_id: int | None = None) -> pd.DataFrame:
        """The materials the actor may see (one application's, or all visible), index = material id, with
        ``kind_label`` in the session's language order of :data:`KINDS`."""
        if application_id is not None:
            self._may_open(int(application_id))
        q = (sa.select(m.c.id, *(m.c[c] for c in COLUMNS)).join(t.applications, t.applications.c.id == m.c.application_id)
             .where(m.c.session_id == self.id, m.c.removed_at.is_(None), self.scope.applications()))
        if application_id is not None:
            q = q.where(m.c.application_id == int(application_id))
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(q).mappings().all(), columns=["id", *COLUMNS])
        order = {k: i for i, k in enumerate(KINDS)}
        df["kind_order"] = df["kind"].map(order).fillna(len(order)).astype("int64")
        df = df.sort_values(["application_id", "kind_order", "filename"]).drop(columns="kind_order")
        return df.set_index("id")

    def material_content(self, material_id: int) -> tuple[str, str, bytes]:
        """(file name, media type, content) of one material, if the actor may open it (checked now)."""
        row = self._material(material_id)
        return row["filename"], row["media_type"], self.material_store.get(row["sha256"], row["filename"])

    def material_page(self, material_id: int, page: int = 0, zoom: float = 1.0) -> bytes:
        """One page of a PDF material as PNG (an image material: its own bytes), checked per request."""
        row = self._material(material_id)
        if row["media_type"] not in VIEWABLE:
            raise InvalidState(f"“{row['filename']}”不能在页面中打开，请下载查看。",
                               f"{row['filename']} cannot be shown in the page; download it.")
        data = self.material_store.get(row["sha256"], row["filename"])
        if row["media_type"] != "application/pdf":
            return data
        return pdf_page_png(data, int(page), float(zoom), row["filename"])

    def _material(self, material_id: int) -> dict:
        try:
            mid = int(material_id)
        except (TypeError, ValueError):
            raise NotFound("该材料不存在。", "No such material.") from None
        with self.store.read() as conn:
            row = conn.execute(sa.select(m).where(m.c.id == mid, m.c.session_id == self.id, m.c.removed_at.is_(None))
                               ).mappings().first()
        if row is None:
            raise NotFound("该材料不存在。", "No such material.")
        self._may_open(int(row["application_id"]))
        return dict(row)

    def _may_open(self, application_id: int) -> None:
        """Expert: an active assignment now (every call) and no conflict (the 回避 matrix at most every
        CONFLICT_RECHECK_S seconds per application, as for draft saves); others: in scope."""
        try:
            if self.actor.role == "expert":
                if not self.scope.my_assignments(application_id, None):
                    raise AccessDenied("无权查看该申报的材料。", "You may not open this application's materials.")
                checked = self.__dict__.setdefault("_materials_checked", {})
                if time.monotonic() - checked.get(application_id, -CONFLICT_RECHECK_S) < CONFLICT_RECHECK_S:
                    return
            self.scope.require_candidate(application_id)   # expert: assigned + no conflict; others: in scope
            if self.actor.role == "expert":
                checked[application_id] = time.monotonic()
        except NotFound:
            raise AccessDenied("无权查看该申报的材料。", "You may not open this application's materials.") from None
