"""Several servers, one database (deploy/nginx-two-servers.conf): two `panel-toolkit serve` processes on their own
ports over one store (the suite's: PostgreSQL in its PostgreSQL pass, one SQLite file otherwise), Debian's nginx in
front with WebSocket support and cookie stickiness. Expert A scores through server 1 while expert B scores through
server 2; the city dashboard on either server sees both; the same sheet open on both servers gets the stale-version
message; stopping server 2 loses no saved score, and server 1 keeps serving (also server 2's clients)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from panel_toolkit.widgets.messages import text

from panel_toolkit import Workspace
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.build import SESSION_ID
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.sheets import Entry

from .browser_kit import PAGE_TIMEOUT_MS, SERVER_START_S
from .conftest import free_port
from .test_expert_app import fill_score, open_sheet, saved

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _nginx_config(root: Path, port: int, s1: int, s2: int) -> Path:
    """deploy/nginx-two-servers.conf with this test's ports, in a minimal nginx.conf of its own."""
    site = (REPO / "deploy" / "nginx-two-servers.conf").read_text("utf-8")
    site = (site.replace("127.0.0.1:8866", f"127.0.0.1:{s1}").replace("127.0.0.1:8867", f"127.0.0.1:{s2}")
            .replace("listen 80;", f"listen 127.0.0.1:{port};")
            .replace('SameSite=Lax" always;', 'SameSite=Lax" always;\n        add_header X-Upstream $upstream_addr always;'))
    (root / "site.conf").write_text(site, "utf-8")
    temp = root / "nginx-temp"
    temp.mkdir()
    conf = root / "nginx.conf"
    conf.write_text(f"""{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {root}/nginx-access.log;
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fcgi;
    uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    include {root}/site.conf;
}}
""", "utf-8")
    return conf


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with {proc.returncode}:\n{log.read_text('utf-8', 'replace')[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.25)  # polling readiness, not waiting on a page
    raise RuntimeError(f"nothing listens on {port} after {SERVER_START_S} s:\n{log.read_text('utf-8', 'replace')[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Ctrl+C to `serve` (it stops Voila), then whatever is left of its process group."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


@pytest.fixture(scope="module")
def topology(tmp_path_factory, request):
    if not Path(NGINX).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing (apt-get install nginx) - CI=true: never skipped")
        pytest.skip("nginx is missing (apt-get install nginx)")
    from panel_toolkit.store import default_url

    root = tmp_path_factory.mktemp("two-servers")
    (root / "store").mkdir()
    store = default_url(root / "store")           # one store for both servers
    port, s1, s2 = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    build_demo(root, seed=2024, db=store)
    panel = add_demo_panel(root, base_url=f"{base}/voila/render/expert_scoring.ipynb", db=store)
    ws = Workspace(root, store)
    city = ws.session(SESSION_ID)
    dashboard = city.issue_viewer_link(f"{base}/voila/render/county_dashboard.ipynb").link
    assignments, applications = city.assignments_frame(), city.applications_frame()
    ws.close()
    procs = []
    try:
        for p in (s1, s2):
            log = root / f"serve-{p}.log"
            with log.open("w") as out:
                procs.append(subprocess.Popen(
                    [str(Path(sys.executable).with_name("panel-toolkit")), "-w", str(root), "--db", store, "serve",
                     "--port", str(p), "--no-preheat"], stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                    env={**os.environ, "PYTHONUNBUFFERED": "1"}))
            _wait_for_port(p, procs[-1], log)
        conf = _nginx_config(root, port, s1, s2)
        with (root / "nginx.out").open("w") as out:
            procs.append(subprocess.Popen([NGINX, "-p", str(root), "-c", str(conf)], stdout=out,
                                          stderr=subprocess.STDOUT, start_new_session=True))
        _wait_for_port(port, procs[-1], root / "nginx-error.log")
        yield {"base": base, "port": port, "s1": s1, "s2": s2, "store": store, "root": root, "procs": procs,
               "links": {x["expert_id"]: x["link"] for x in panel.links}, "names": {x["expert_id"]: x["name"] for x in panel.links},
               "dashboard": dashboard, "assignments": assignments, "applications": applications}
    finally:
        for proc in procs:
            _stop(proc)


def _page(browser, topo, server: str, url: str, contexts: list):
    """A page in a new context that sticks to ``server`` (s1 or s2) through nginx's cookie."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    context.add_cookies([{"name": "panel_server", "value": server, "url": topo["base"]}])
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith((topo["base"] + "/", "data:"))
                  else route.abort())
    contexts.append(context)
    page = context.new_page()
    response = page.goto(url, timeout=3 * PAGE_TIMEOUT_MS)  # a cold kernel (no preheat) runs the whole page first
    return page, response.headers.get("x-upstream", "")


def _sheet(topo, assignment_id: int):
    ws = Workspace(topo["root"], topo["store"])
    try:
        return ws.session(SESSION_ID).sheet(assignment_id)
    finally:
        ws.close()


def _candidate_shows(page, topo, assignment_id: int, name: str) -> None:
    from playwright.sync_api import expect

    app = int(topo["assignments"].loc[assignment_id, "application_id"])
    unit = topo["applications"].loc[app, "unit_name"]
    page.locator(".pt-tabs .lm-TabBar-tab", has_text="候选对象详情").click()
    option = page.locator(".pt-candidate select option", has_text=unit).first
    page.locator(".pt-candidate select").select_option(value=option.get_attribute("value"))
    row = page.locator(".pt-detail tr", has_text=name).filter(has_text="资料评审")
    expect(row).to_contain_text("草稿")


def test_two_servers_one_database(browser, topology):
    topo, contexts = topology, []
    a = topo["assignments"]
    material = a[a["part"] == "material"]
    experts = [int(e) for e in material["expert_id"].unique() if int(e) in topo["links"]]
    expert_a, expert_b = experts[0], experts[1]
    aid_a = int(material.index[material["expert_id"] == expert_a][0])
    aid_b = int(material.index[material["expert_id"] == expert_b][0])
    try:
        # A through server 1 and B through server 2, at the same time; A's sheet also open on server 2.
        page_a, via_a = _page(browser, topo, "s1", topo["links"][expert_a], contexts)
        page_b, via_b = _page(browser, topo, "s2", topo["links"][expert_b], contexts)
        page_a2, via_a2 = _page(browser, topo, "s2", topo["links"][expert_a], contexts)
        assert via_a.endswith(f":{topo['s1']}") and via_b.endswith(f":{topo['s2']}") and via_a2.endswith(f":{topo['s2']}")
        for page, aid in ((page_a, aid_a), (page_b, aid_b), (page_a2, aid_a)):
            open_sheet(page, aid)
        fill_score(page_a, "A1", "7.5")
        fill_score(page_b, "A1", "6")
        saved(page_a, 1)
        saved(page_b, 1)

        # The same sheet on the other server read version 0: told, never a silent overwrite.
        fill_score(page_a2, "A2", "4")
        stale = page_a2.locator(".save-status .stale")
        stale.wait_for()
        assert stale.inner_text() == text("stale")
        assert _sheet(topo, aid_a).entries == {"A1": Entry(7.5, None, "")}

        # The city dashboard on either server sees both experts' saves.
        for server in ("s1", "s2"):
            board, via = _page(browser, topo, server, topo["dashboard"], contexts)
            assert via.endswith(f":{topo[server]}")
            _candidate_shows(board, topo, aid_a, topo["names"][expert_a])
            _candidate_shows(board, topo, aid_b, topo["names"][expert_b])

        # Server 2 stops mid-session: nothing saved is lost; server 1 keeps serving, server 2's clients too.
        _stop(topo["procs"][1])
        assert _sheet(topo, aid_b).entries == {"A1": Entry(6.0, None, "")}
        assert _sheet(topo, aid_a).entries == {"A1": Entry(7.5, None, "")}
        fill_score(page_a, "A3", "4")
        saved(page_a, 2)
        assert _sheet(topo, aid_a).entries["A3"] == Entry(4.0, None, "")
        page_b2, via_b2 = _page(browser, topo, "s2", topo["links"][expert_b], contexts)
        assert via_b2.endswith(f":{topo['s1']}")
        open_sheet(page_b2, aid_b)
        assert page_b2.locator(".score-A1 input").input_value() == "6"
        fill_score(page_b2, "A2", "5")
        saved(page_b2, 2)
        assert _sheet(topo, aid_b).entries == {"A1": Entry(6.0, None, ""), "A2": Entry(5.0, None, "")}
    finally:
        for c in contexts:
            c.close()
