"""Probes of the trust boundary against a real server: no page without a valid link and no kernel for a bad one,
only the apps reachable, security headers, a rate limit, no traceback or server path over the kernel
websocket whatever the client sends, no token in the log."""
from __future__ import annotations

import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import websocket

from panel_toolkit.panel.tokens import NEUTRAL_ZH
from panel_toolkit.server.handlers import CSP

from .conftest import free_port, get, token_of

pytestmark = pytest.mark.browser

REPO = str(Path(__file__).resolve().parents[2])
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def wait_for_kernels(site, n: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while site.kernels() != n:
        assert time.monotonic() < deadline, f"{site.kernels()} kernels, expected {n}"
        time.sleep(0.2)   # polling the process table, not a page


def test_no_valid_link_means_the_neutral_page_and_no_kernel(site):
    wait_for_kernels(site, 1)                        # the preheated expert kernel only
    expert = next(iter(site.experts.values()))
    bad = [site.url("directory.ipynb"),                                     # anonymous directory
           site.url("directory.ipynb") + "?token=" + token_of(site.staff["county_dashboard"]),   # a county link: city only
           site.url("city_overview.ipynb") + "?token=" + token_of(site.staff["county_dashboard"]),
           site.url("county_dashboard.ipynb") + "?token=" + token_of(expert),  # an expert link on a dashboard
           site.url("expert_scoring.ipynb") + "?token=" + token_of(site.staff["directory"]),   # a staff link as expert
           site.url("expert_scoring.ipynb"), site.url("expert_scoring.ipynb") + "?token=",
           site.url("expert_scoring.ipynb") + "?token=" + "A" * 43,
           site.url("expert_scoring.ipynb") + "?token=<script>alert(1)</script>",
           site.url("county_dashboard.ipynb") + "?token=../../panel.db"]
    bad += [site.url("expert_scoring.ipynb") + f"?token={uuid.uuid4().hex}{uuid.uuid4().hex[:11]}" for _ in range(10)]
    for i, url in enumerate(bad):
        r = get(url, client=f"10.1.0.{i}")
        assert r.status == 403, url
        assert NEUTRAL_ZH in r.body and "0417-0000000" in r.body and "<script>alert" not in r.body
    assert site.kernels() == 1                       # not one kernel started or taken
    assert "Kernel started" not in site.log.read_text("utf-8").split("Kernel pool of expert_scoring.ipynb is filled")[-1]


@pytest.mark.parametrize("path", ["/voila/tree", "/voila/tree/", "/voila/render/intake_and_eligibility.ipynb",
                                  "/voila/render/aggregation_walkthrough.ipynb", "/voila/api/contents",
                                  "/voila/api/contents/", "/api/contents", "/api/kernels", "/api/sessions",
                                  "/voila/files/..%2Fpanel.db", "/voila/files/expert_scoring.ipynb", "/tree",
                                  "/voila/render/../panel.db", "/lab", "/notebooks/expert_scoring.ipynb"])
def test_only_the_apps_are_reachable(site, path):
    r = get(f"http://127.0.0.1:{site.port}{path}", client="10.2.0.1")
    assert r.status in (403, 404), (path, r.status)
    assert ".ipynb" not in r.body and "panel.db" not in r.body and "demo" not in r.body


def test_security_headers_on_every_kind_of_response(site):
    expert = next(iter(site.experts.values()))
    for url in (f"http://127.0.0.1:{site.port}/", site.url("directory.ipynb"), f"http://127.0.0.1:{site.port}/nothing",
                f"http://127.0.0.1:{site.port}/pt-static/favicon.svg", expert):
        r = get(url, client="10.3.0.1")
        assert r.headers.get("Referrer-Policy") == "no-referrer", url
        assert r.headers.get("X-Content-Type-Options") == "nosniff", url
        assert r.headers.get("Content-Security-Policy") == CSP, url
        assert "https:" not in CSP and "default-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    page = get(expert, client="10.3.0.2").body
    assert "cdn.jsdelivr.net" not in page and "专家评分" in page and "正在打开页面" in page   # our template


def test_page_loads_are_rate_limited_per_client(site):
    url = site.url("expert_scoring.ipynb") + "?token=" + "B" * 43
    statuses = [get(url, client="10.4.0.1") for _ in range(25)]
    limited = [r for r in statuses if r.status == 429]
    assert limited and statuses[0].status == 403
    assert int(limited[0].headers["Retry-After"]) >= 1 and "访问过于频繁" in limited[0].body
    assert get(url, client="10.4.0.2").status == 403          # another client is not affected


def _kernel_and_models(page: str) -> tuple[str, list[str]]:
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    return config["kernelId"], re.findall(r'"model_id": ?"([0-9a-f]{32})"', page)


def _message(msg_type: str, content: dict, channel: str = "shell") -> str:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": uuid.uuid4().hex, "username": "x",
              "version": "5.3", "date": "2026-01-01T00:00:00Z"}
    return json.dumps({"channel": channel, "header": header, "parent_header": {}, "metadata": {}, "content": content})


def _exchange(site, kernel: str, messages: list) -> list:
    """Send ``messages`` on one new kernel websocket; everything received until the kernel is quiet."""
    ws = websocket.create_connection(f"ws://127.0.0.1:{site.port}/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}",
                                     timeout=4, origin=f"http://127.0.0.1:{site.port}")
    for m in messages:
        ws.send_binary(m) if isinstance(m, bytes) else ws.send(m)
    received = []
    while True:
        try:
            received.append(ws.recv())
        except (websocket.WebSocketTimeoutException, websocket.WebSocketConnectionClosedException):
            break
    ws.close()
    return received


def _clean(site, received: list) -> None:
    text = "\n".join(r if isinstance(r, str) else r.decode("utf-8", "replace") for r in received)
    for needle in ("Traceback", 'File "/', "site-packages", REPO, sys.prefix, str(site.root), "ZeroDivisionError",
                   '"msg_type": "error"', '"name": "stderr"'):
        assert needle not in text, needle


def test_no_traceback_or_server_path_reaches_the_client_whatever_it_sends(site):
    expert = list(site.experts.values())[1]
    page = get(expert, client="10.5.0.1")
    assert page.status == 200
    kernel, models = _kernel_and_models(page.body)
    assert models, "the page holds widgets"
    # malformed frames, each on its own connection (the server drops a connection that sends one)
    for raw in ("not json", "{}", "[]", json.dumps({"header": {}, "content": None}), "\x00" * 100,
                b"\x02\x00\x00\x00\x00\x00\x00\x00garbage" + bytes(range(256)), b"\xff" * 64):
        _clean(site, _exchange(site, kernel, [raw]))
    # well-formed messages that make the kernel fail: a refused execute_request, unknown comms, bad widget state
    probes = [_message("execute_request", {"code": "import os; print(os.getcwd()); 1/0", "silent": False}),
              _message("comm_msg", {"comm_id": uuid.uuid4().hex, "data": {"method": "update", "state": {}}}),
              _message("comm_open", {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget",
                                     "data": {"state": {"_model_name": "NoSuchModel", "_model_module": "x"}}}),
              _message("comm_info_request", {"target_name": None})]
    for model in models[:5]:
        probes += [_message("comm_msg", {"comm_id": model, "data": {"method": "update",
                                                                    "state": {"value": {"no": ["such", "value"]},
                                                                              "layout": 42, "children": "x"}}}),
                   _message("comm_msg", {"comm_id": model, "data": {"method": "custom", "content": {"event": "click"}}}),
                   _message("comm_msg", {"comm_id": model, "data": {"method": "request_state"}})]
    received = _exchange(site, kernel, [*probes, _message("kernel_info_request", {})])
    _clean(site, received)
    assert any("kernel_info_reply" in (r if isinstance(r, str) else r.decode("utf-8", "replace")) for r in received)
    assert "not forwarded to the browser" in site.log.read_text("utf-8")   # the probes did make the kernel complain


def test_tokens_never_reach_the_log(site):
    tokens = [token_of(x) for x in [*site.experts.values(), *site.staff.values()]]
    get(site.url("expert_scoring.ipynb") + "?token=" + "C" * 43 + "&x=1", client="10.6.0.1")
    log = site.log.read_text("utf-8")
    assert "token=***" in log                        # requests with tokens were logged, masked
    assert not [t for t in tokens if t in log] and "C" * 43 not in log


# -- the tested nginx example (deploy/nginx/panel-toolkit.conf) with Debian's nginx ------------------

def _nginx_site(site, tmp: Path) -> tuple[subprocess.Popen, int, int, Path]:
    """deploy/nginx/panel-toolkit.conf with test ports, a self-signed certificate and logs in ``tmp``."""
    https, http = free_port(), free_port()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")], check=True, capture_output=True)
    conf = (Path(REPO) / "deploy" / "nginx" / "panel-toolkit.conf").read_text("utf-8")
    for old, new in (("127.0.0.1:8866", f"127.0.0.1:{site.port}"), ("listen 443 ssl", f"listen {https} ssl"),
                     ("listen [::]:443 ssl http2;", ""), ("listen [::]:80;", ""), ("listen 80;", f"listen {http};"),
                     ("/etc/ssl/certs/review.example.cn.pem", str(tmp / "cert.pem")),
                     ("/etc/ssl/private/review.example.cn.key", str(tmp / "key.pem")),
                     ("/var/log/nginx/", f"{tmp}/")):
        assert old in conf, old
        conf = conf.replace(old, new)
    (tmp / "site.conf").write_text(conf, "utf-8")
    (tmp / "nginx.conf").write_text(
        f"worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/main-error.log;\n"
        f"events {{ worker_connections 256; }}\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {tmp}/body; "
        f"proxy_temp_path {tmp}/proxy; include {tmp}/site.conf; }}\n", "utf-8")
    test = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return proc, https, http, tmp


@pytest.mark.skipif(not shutil.which(NGINX) and os.environ.get("CI") != "true", reason="nginx is not installed")
def test_the_nginx_example_serves_the_apps_over_tls(site, tmp_path):
    proc, https, http, tmp = _nginx_site(site, tmp_path)
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    try:
        deadline = time.monotonic() + 20
        while True:   # polling nginx's readiness
            try:
                with urllib.request.urlopen(f"https://127.0.0.1:{https}/", context=ctx, timeout=2) as r:
                    assert r.status == 200 and "max-age" in r.headers["Strict-Transport-Security"]
                    assert r.headers["Referrer-Policy"] == "no-referrer"
                    break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        link = list(site.experts.values())[3].replace(f"http://127.0.0.1:{site.port}", f"https://127.0.0.1:{https}")
        with urllib.request.urlopen(link, context=ctx, timeout=90) as r:
            page = r.read().decode("utf-8")
        kernel, _ = _kernel_and_models(page)
        ws = websocket.create_connection(f"wss://127.0.0.1:{https}/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}",
                                         timeout=10, origin=f"https://127.0.0.1:{https}", sslopt={"cert_reqs": ssl.CERT_NONE})
        ws.send(_message("kernel_info_request", {}))
        replies = []
        while not any("kernel_info_reply" in (r if isinstance(r, str) else r.decode("utf-8", "replace")) for r in replies):
            replies.append(ws.recv())                     # the kernel websocket works through the proxy
        ws.close()
        plain = http_get_no_redirect(f"http://127.0.0.1:{http}/voila/render/expert_scoring.ipynb?token={token_of(link)}")
        assert plain.status == 301 and "token" not in plain.headers["Location"]   # http only redirects, query dropped
        log = (tmp / "panel-toolkit.access.log").read_text("utf-8")
        assert "/voila/render/expert_scoring.ipynb" in log and token_of(link) not in log and "token=" not in log
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def http_get_no_redirect(url: str):
    import http.client
    from urllib.parse import urlsplit

    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", u.path + "?" + u.query)
    r = conn.getresponse()
    r.read()
    conn.close()
    return r
