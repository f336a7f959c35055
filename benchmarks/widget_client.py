"""A browser stand-in for load figures: open a Voila app page the way its widget manager does, minus the browser.

What one expert's page asks of the server: the HTML (the gate, a preheated kernel, the notebook's last
cell), the kernel websocket, ``kernel_info``, ``comm_info`` and the states of every widget
(``request_states`` on the ``jupyter.widget.control`` comm, ipywidgets 8). :func:`open_app` does exactly
that and returns when the candidate list's state has arrived, so a burst of these measures what the
server can do for N visitors whose browsers run elsewhere. It does not parse or lay out anything: that
is the browser's share, measured by the Playwright burst in ``bench_open``.
"""
from __future__ import annotations

import asyncio
import json
import re
from datetime import datetime, timezone
import time
import uuid

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


def _message(kind: str, content: dict, session: str, metadata: dict | None = None) -> str:
    header = {"msg_id": uuid.uuid4().hex, "username": "bench", "session": session, "msg_type": kind,
              "version": "5.3", "date": datetime.now(timezone.utc).isoformat()}
    return json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
                       "channel": "shell", "buffers": []})


def _decode(raw: str | bytes) -> dict:
    """A kernel message in jupyter_server's JSON or legacy binary websocket format (when it has buffers)."""
    if isinstance(raw, str):
        return json.loads(raw)
    n = int.from_bytes(raw[:4], "big")
    offsets = [int.from_bytes(raw[4 * (i + 1):4 * (i + 2)], "big") for i in range(n)]
    return json.loads(raw[offsets[0]:offsets[1] if n > 1 else None])


def _has_class(states: dict, css_class: str) -> bool:
    return any(css_class in (s.get("state", {}).get("_dom_classes") or ()) for s in states.values())


async def open_app(link: str, ready_class: str = "candidate-list", timeout: float = 120.0) -> float:
    """Seconds from the request for ``link`` until the widget states (with a widget of ``ready_class``) arrived."""
    t0 = time.perf_counter()
    page = await AsyncHTTPClient().fetch(HTTPRequest(link, request_timeout=timeout))
    found = KERNEL_ID.search(page.body.decode("utf-8", "replace"))
    if found is None:
        raise RuntimeError(f"no kernel id in the page of {link.split('?')[0]} (status {page.code})")
    base = link.split("/voila/")[0].replace("http", "ws", 1)
    session = uuid.uuid4().hex
    ws = await websocket_connect(f"{base}/api/kernels/{found.group(1)}/channels?session_id={session}",
                                 connect_timeout=timeout)
    try:
        comm = uuid.uuid4().hex
        control = {"version": "1.0.0"}      # ipywidgets 8's control protocol
        for kind, content, meta in (
                ("kernel_info_request", {}, None), ("comm_info_request", {"target_name": "jupyter.widget"}, None),
                ("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}}, control),
                ("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, control)):
            await ws.write_message(_message(kind, content, session, meta))
        deadline = t0 + timeout
        while time.perf_counter() < deadline:
            raw = await asyncio.wait_for(ws.read_message(), max(0.1, deadline - time.perf_counter()))
            if raw is None:
                raise RuntimeError("the server closed the kernel connection")
            msg = _decode(raw)
            data = msg.get("content", {}).get("data") or {}
            if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                if not _has_class(data.get("states", {}), ready_class):
                    raise RuntimeError(f"the widget states hold no .{ready_class}")
                return time.perf_counter() - t0
        raise TimeoutError(f"no widget states within {timeout:.0f} s")
    finally:
        ws.close()
