"""What the browser knows and the kernel cannot: whether the connection is there, and where the user is.

:class:`SaveStatus` is the sheet's save label. It shows what the kernel last *confirmed* (已保存 + the
version it saved) — and, the moment the browser goes offline or the kernel stops answering its heartbeat,
"网络已断开，最近的修改尚未保存" in red instead. What was typed stays in the inputs (ipywidgets keeps it and the
kernel connection queues the change); when the connection returns the label says so, asks the kernel to
save what is pending (with the version check: a sheet changed meanwhile goes to the stale-tab choice),
and shows the kernel's answer.

:class:`PageHelper` keeps the open sheet in the page's address (``&sheet=…``, ``history.replaceState``),
so a reload lands on the same sheet instead of the list, and gives score boxes ``inputmode="decimal"``
(a phone shows its number pad).

Both are anywidget modules: a few lines of plain JavaScript shipped with the package, nothing from the
internet.
"""
from __future__ import annotations

import html

import anywidget
import traitlets

#: Seconds without an answer to the heartbeat after which the connection counts as lost.
HEARTBEAT_S = 3
LOST_AFTER_S = 9

_STATUS_JS = """
function render({ model, el }) {
  el.classList.add("save-status");
  let offline = !navigator.onLine, resyncing = false, lastPong = Date.now();
  const span = (cls, txt, version) => {
    const s = document.createElement("span");
    s.className = cls; s.textContent = txt;
    if (version !== undefined) s.dataset.version = version;
    el.replaceChildren(s);
  };
  const draw = () => {
    if (offline) return span("offline", model.get("offline_message"));
    if (resyncing) return span("saving", model.get("resync_message"));
    span(model.get("kind"), model.get("message"), model.get("version"));
  };
  const down = () => { if (!offline) { offline = true; draw(); } };
  const up = () => {
    if (!offline) return;
    offline = false; resyncing = true; draw();
    model.send({ event: "reconnected" });
  };
  model.on("change:kind", draw); model.on("change:message", draw); model.on("change:version", draw);
  model.on("msg:custom", (msg) => {
    if (msg.event === "pong") { lastPong = Date.now(); if (offline && navigator.onLine) up(); }
    if (msg.event === "resynced") { resyncing = false; draw(); }
  });
  const onOffline = () => down();
  const onOnline = () => { lastPong = Date.now(); up(); };
  window.addEventListener("offline", onOffline);
  window.addEventListener("online", onOnline);
  const beat = setInterval(() => {
    if (!navigator.onLine) return down();
    try { model.send({ event: "ping" }); } catch (e) { down(); }
    if (Date.now() - lastPong > LOST_MS) down();
  }, BEAT_MS);
  draw();
  return () => { clearInterval(beat); window.removeEventListener("offline", onOffline);
                 window.removeEventListener("online", onOnline); };
}
export default { render };
""".replace("LOST_MS", str(LOST_AFTER_S * 1000)).replace("BEAT_MS", str(HEARTBEAT_S * 1000))

_ADDRESS_JS = """
function render({ model, el }) {
  el.style.display = "none";
  const apply = () => {
    const url = new URL(window.location.href);
    const sheet = model.get("sheet");
    if (sheet > 0) url.searchParams.set("sheet", String(sheet)); else url.searchParams.delete("sheet");
    if (url.href !== window.location.href) window.history.replaceState(null, "", url.href);
  };
  model.on("change:sheet", apply);
  apply();
  // Phones: score boxes open the number pad (ipywidgets cannot set inputmode itself).
  // (ipywidgets adds a widget's classes after inserting it: watch class changes too.)
  const decimal = () => document.querySelectorAll(".pt-app [class*='score-'] input:not([inputmode])")
      .forEach((i) => i.setAttribute("inputmode", "decimal"));
  const watcher = new MutationObserver(decimal);
  watcher.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
  decimal();
  return () => watcher.disconnect();
}
export default { render };
"""


class SaveStatus(anywidget.AnyWidget):
    _esm = _STATUS_JS
    kind = traitlets.Unicode("").tag(sync=True)          # saved / failed / stale / locked / saving
    message = traitlets.Unicode("").tag(sync=True)
    version = traitlets.Int(0).tag(sync=True)
    offline_message = traitlets.Unicode("网络已断开，最近的修改尚未保存").tag(sync=True)
    resync_message = traitlets.Unicode("网络已恢复，正在保存……").tag(sync=True)

    def __init__(self, on_reconnect=None, **kwargs):
        super().__init__(**kwargs)
        self._on_reconnect = on_reconnect
        self.on_msg(self._message)

    def _message(self, _widget, content, _buffers) -> None:
        event = (content or {}).get("event") if isinstance(content, dict) else None
        if event == "ping":
            self.send({"event": "pong"})
        elif event == "reconnected":
            try:
                if self._on_reconnect is not None:
                    self._on_reconnect()
            finally:
                self.send({"event": "resynced"})

    def show(self, kind: str, message: str, version: int) -> None:
        with self.hold_sync():
            self.kind, self.message, self.version = kind, message, int(version)

    @property
    def value(self) -> str:
        """The label as the kernel last set it (HTML), for tests and logs."""
        return f"<span class='{self.kind}' data-version='{self.version}'>{html.escape(self.message)}</span>"


class PageHelper(anywidget.AnyWidget):
    """The open sheet in the address bar (a reload lands on it) and ``inputmode=decimal`` on score boxes."""

    _esm = _ADDRESS_JS
    sheet = traitlets.Int(0).tag(sync=True)
