"""A file upload that explains itself: size and type are checked in the browser *before* anything is sent
("文件超过 8 MB，请压缩后再上传" at once, never a silent 60-second wait), the file being sent is named with its
size, errors appear in the widget's own line (never in the sheet's save bar), and the button counts the
files already attached. The server checks every file again (type by content, size) — the browser's check
is for the user, not for safety.

An anywidget: the file goes to the kernel in chunks of :data:`CHUNK` bytes, each acknowledged by the kernel
with the bytes received so far, so the line shows a true percentage of what arrived (a large scan on a slow
line is seen to move; a dropped connection is seen to stop). The kernel keeps one partial file, refuses a
chunk out of order or past the announced size (or ``max_bytes``), and calls ``on_file(name, content)``
once the last byte is in; it returns an error message (shown in red) or None.
"""
from __future__ import annotations

from collections.abc import Callable

import anywidget
import traitlets

_JS = """
function render({ model, el }) {
  el.classList.add("pt-upload");
  const button = document.createElement("button");
  button.className = "jupyter-button widget-button pt-upload-button";
  const input = document.createElement("input");
  input.type = "file"; input.multiple = true; input.style.display = "none";
  const note = document.createElement("div");
  note.className = "pt-upload-note";
  el.append(button, input, note);
  const CHUNK = model.get("chunk");
  let waiting = null;
  model.on("msg:custom", (msg) => {
    if (msg && msg.event === "ack" && waiting) { const done = waiting; waiting = null; done(msg); }
  });
  const say = (cls, txt) => { note.className = "pt-upload-note " + cls; note.textContent = txt; };
  const draw = () => {
    button.textContent = model.get("label");
    button.disabled = model.get("disabled");
    input.accept = model.get("accept").join(",");
  };
  ["label", "disabled", "accept"].forEach((k) => model.on("change:" + k, draw));
  model.on("change:note", () => say(model.get("note_kind"), model.get("note")));
  button.addEventListener("click", () => { input.value = ""; input.click(); });
  input.addEventListener("change", async () => {
    const files = Array.from(input.files || []);
    const max = model.get("max_bytes"), accept = model.get("accept");
    for (const f of files) {
      const ext = "." + (f.name.split(".").pop() || "").toLowerCase();
      if (!accept.includes(ext)) return say("error", model.get("bad_type").replace("{name}", f.name));
      if (f.size > max) return say("error", model.get("too_big").replace("{name}", f.name)
                                     .replace("{size}", (f.size / 1048576).toFixed(1)));
    }
    for (const [i, f] of files.entries()) {
      const line = model.get("sending").replace("{name}", f.name).replace("{i}", i + 1)
            .replace("{n}", files.length).replace("{size}", (f.size / 1048576).toFixed(1));
      say("progress", line.replace("{pct}", "0"));
      for (let offset = 0; offset < f.size || offset === 0; offset += CHUNK) {
        const buffer = await f.slice(offset, offset + CHUNK).arrayBuffer();
        const next = new Promise((resolve) => { waiting = resolve; });
        model.send({ event: "chunk", name: f.name, size: f.size, offset }, undefined, [buffer]);
        const reply = await next;           // the kernel's count: what really arrived
        if (reply.error) return;            // it said why in the note
        if (reply.received < f.size) say("progress", line.replace("{pct}", Math.floor(100 * reply.received / f.size)));
        if (f.size === 0) break;
      }
    }
  });
  draw();
}
export default { render };
"""


#: Bytes per message: small enough for the line to move on a slow connection, large enough to be quick.
CHUNK = 256 * 1024


class CheckedUpload(anywidget.AnyWidget):
    _esm = _JS
    chunk = traitlets.Int(CHUNK).tag(sync=True)
    label = traitlets.Unicode("上传文件").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    accept = traitlets.List(traitlets.Unicode()).tag(sync=True)
    max_bytes = traitlets.Int(8 * 1024 * 1024).tag(sync=True)
    too_big = traitlets.Unicode("文件“{name}”（{size} MB）超过 8 MB，请压缩后再上传").tag(sync=True)
    bad_type = traitlets.Unicode("文件“{name}”的类型不允许").tag(sync=True)
    sending = traitlets.Unicode("正在上传 {name}（{size} MB，第 {i} / {n} 个）…… {pct}%").tag(sync=True)
    broken = traitlets.Unicode("上传中断，请重新选择文件上传").tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)
    note_kind = traitlets.Unicode("").tag(sync=True)     # error / done / progress

    def __init__(self, on_file: Callable[[str, bytes], str | None], **kwargs):
        super().__init__(**kwargs)
        self._on_file = on_file
        self._partial: tuple[str, int, bytearray] | None = None    # name, announced size, bytes so far
        self.on_msg(self._received)

    def _received(self, _widget, content, buffers) -> None:
        """One chunk from the browser (untrusted: names, sizes and offsets are checked, memory bounded)."""
        if not isinstance(content, dict) or content.get("event") != "chunk":
            return
        try:
            name, size, offset = str(content.get("name", ""))[:200], int(content["size"]), int(content["offset"])
        except (KeyError, TypeError, ValueError):
            return
        part = bytes(buffers[0]) if buffers else b""
        if offset == 0:
            self._partial = (name, size, bytearray())
        got = self._partial
        if (got is None or got[:2] != (name, size) or offset != len(got[2]) or not 0 <= size <= self.max_bytes
                or offset + len(part) > size):
            self._partial = None
            self.send({"event": "ack", "error": True})
            self.tell("error", self.broken)
            return
        got[2].extend(part)
        self.send({"event": "ack", "received": len(got[2])})
        if len(got[2]) < size:
            return
        self._partial = None
        error = self._on_file(name, bytes(got[2]))
        self.tell("error" if error else "done", error or "")

    def tell(self, kind: str, message: str) -> None:
        with self.hold_sync():
            self.note_kind, self.note = kind, message
        if not message:
            self.note = " "   # a change even when the text repeats
            self.note = ""
