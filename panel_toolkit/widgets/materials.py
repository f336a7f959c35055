"""The application's materials (申报材料) inside the dossier: listed by kind, opened in the page.

A PDF is shown one page at a time, rendered on the server to PNG (pypdfium2) at the chosen zoom; an image
is shown as it is and zoomed by width; ``.docx``/``.xlsx`` are offered for download. Every page turn and
every download asks the facade again, so a link revoked or an assignment swapped meanwhile stops it.
The material ids stay on the server (button callbacks), never in a trait the browser could set.
"""
from __future__ import annotations

import base64
import html
import sys

import ipywidgets as ipw

from ..errors import PanelError
from ..materials.files import VIEWABLE, kind_label
from ..materials.render import ZOOMS
from .messages import text


def size_text(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"


class MaterialViewer(ipw.VBox):
    """One open material: toolbar (page, zoom, close) above the page image."""

    def __init__(self, session, lang: str = "zh", on_close=None):
        super().__init__(layout=ipw.Layout(width="100%", display="none"))
        self.add_class("material-viewer")
        self.session, self.lang, self._on_close = session, lang, on_close
        self.material: dict | None = None
        self.page, self.zoom = 0, 1.0
        b = lambda key, cls: self._button(text(key, lang), cls)  # noqa: E731
        self.prev, self.next = b("material_prev", "material-prev"), b("material_next", "material-next")
        self.zoom_out, self.zoom_in = b("material_zoom_out", "material-zoom-out"), b("material_zoom_in", "material-zoom-in")
        self.close_button = b("material_close", "material-close")
        self.prev.on_click(lambda _b: self.show_page(self.page - 1))
        self.next.on_click(lambda _b: self.show_page(self.page + 1))
        self.zoom_out.on_click(lambda _b: self.set_zoom(-1))
        self.zoom_in.on_click(lambda _b: self.set_zoom(+1))
        self.close_button.on_click(lambda _b: self.close_viewer())
        self.title = ipw.HTML()
        self.title.add_class("material-title")
        self.where = ipw.HTML()
        self.where.add_class("material-where")
        self.message = ipw.HTML()
        self.message.add_class("material-message")
        self.image = ipw.Image(format="png", layout=ipw.Layout(max_width="none"))
        self.image.add_class("material-page")
        frame = ipw.Box([self.image], layout=ipw.Layout(width="100%", overflow="auto", max_height="85vh"))
        frame.add_class("material-frame")
        bar = ipw.HBox([self.prev, self.where, self.next, self.zoom_out, self.zoom_in, self.close_button],
                       layout=ipw.Layout(flex_flow="row wrap", align_items="center"))
        bar.add_class("material-bar")
        self.children = [self.title, bar, self.message, frame]

    @staticmethod
    def _button(label: str, cls: str) -> ipw.Button:
        button = ipw.Button(description=label, layout=ipw.Layout(width="auto"))
        button.add_class(cls)
        return button

    def open_material(self, material: dict) -> None:
        self.material, self.page, self.zoom = material, 0, 1.0
        self.title.value = (f"<b>{html.escape(kind_label(material['kind'], self.lang))}：</b>"
                            f"{html.escape(material['filename'])}")
        self.layout.display = "flex"
        self.show_page(0)

    def show_page(self, page: int) -> None:
        m = self.material
        if m is None:
            return
        pages = max(1, int(m["pages"]))
        page = min(max(0, page), pages - 1)
        is_pdf = m["media_type"] == "application/pdf"
        try:
            data = self.session.material_page(int(m["id"]), page, self.zoom if is_pdf else 1.0)
        except PanelError as e:
            self.message.value = f"<div class='error'>{html.escape(e.message(self.lang))}</div>"
            self.image.value = b""
            return
        except Exception as e:  # never a traceback in the browser
            print(f"panel_toolkit: rendering material {m['id']} failed: {e!r}", file=sys.__stderr__)
            self.message.value = f"<div class='error'>{html.escape(text('unavailable', self.lang))}</div>"
            return
        self.message.value = ""
        self.page = page
        self.image.format = "png" if is_pdf or m["media_type"] == "image/png" else "jpeg"
        self.image.value = data
        # An image is zoomed by its displayed width; a PDF page is rendered at the zoom (sharp at any size).
        # Up to 100 % a page fits the screen's width (a phone); above it, it scrolls inside the frame.
        self.image.layout.width = "auto" if is_pdf else f"{int(self.zoom * 100)}%"
        self.image.layout.max_width = "100%" if is_pdf and self.zoom <= 1 else "none"
        self.where.value = (f"<span class='material-where-text'>{html.escape(text('material_page', self.lang, page=page + 1, pages=pages))}"
                            f" · {html.escape(text('material_zoom', self.lang, zoom=int(self.zoom * 100)))}</span>")
        self.prev.disabled = page == 0
        self.next.disabled = page >= pages - 1

    def set_zoom(self, step: int) -> None:
        i = min(range(len(ZOOMS)), key=lambda k: abs(ZOOMS[k] - self.zoom))
        self.zoom = ZOOMS[min(max(0, i + step), len(ZOOMS) - 1)]
        self.show_page(self.page)

    def close_viewer(self) -> None:
        self.material = None
        self.image.value = b""
        self.layout.display = "none"
        if self._on_close:
            self._on_close()


class MaterialsBox(ipw.VBox):
    """The list of an application's materials by kind, with the viewer below it."""

    def __init__(self, session, application_id: int, lang: str = "zh"):
        super().__init__(layout=ipw.Layout(width="100%"))
        self.add_class("materials")
        self.session, self.application_id, self.lang = session, int(application_id), lang
        self.viewer = MaterialViewer(session, lang)
        self.links = ipw.HTML()
        self.links.add_class("material-download")
        try:
            frame = session.materials_frame(self.application_id)
        except PanelError as e:
            self.children = [ipw.HTML(f"<div class='error'>{html.escape(e.message(lang))}</div>")]
            return
        head = ipw.HTML(f"<h3>{html.escape(text('materials_title', lang, n=len(frame)))}</h3>")
        if frame.empty:
            self.children = [head, ipw.HTML(html.escape(text("materials_none", lang)))]
            return
        rows = []
        for kind, group in frame.groupby("kind", sort=False):
            buttons = [self._file_button({"id": int(i), **r.to_dict()}) for i, r in group.iterrows()]
            label = ipw.HTML(f"<span class='material-kind'>{html.escape(kind_label(str(kind), lang))}</span>")
            row = ipw.HBox([label, *buttons], layout=ipw.Layout(flex_flow="row wrap", align_items="center"))
            row.add_class("material-row")
            rows.append(row)
        self.children = [head, *rows, self.links, self.viewer]

    def _file_button(self, m: dict) -> ipw.Button:
        viewable = m["media_type"] in VIEWABLE
        meta = (text("material_meta", self.lang, pages=m["pages"], size=size_text(m["size"])) if viewable
                else text("material_meta_file", self.lang, size=size_text(m["size"])))
        button = ipw.Button(description=f"{m['filename']}（{meta}）", layout=ipw.Layout(width="auto"),
                            tooltip=m["filename"])
        button.add_class(f"material-open-{m['id']}")
        button.add_class("material-open")
        button.on_click(lambda _b, m=m: self.show_material(m))
        return button

    def show_material(self, m: dict) -> None:
        if m["media_type"] in VIEWABLE:
            self.links.value = ""
            self.viewer.open_material(m)
            return
        try:   # download-only (.docx/.xlsx): a data: link made now, after the facade's check
            name, media, data = self.session.material_content(int(m["id"]))
        except PanelError as e:
            self.links.value = f"<div class='error'>{html.escape(e.message(self.lang))}</div>"
            return
        href = f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"
        self.links.value = (f"<a download=\"{html.escape(name)}\" href=\"{href}\">{html.escape(text('material_download', self.lang))}"
                            f"：{html.escape(name)}</a>")
