"""``panel-toolkit demo``: a demo workspace with an expert panel, staff links and the apps served.

:func:`demo_site` is the demo's whole set-up (workspace, panel, experts' and staff links); the command prints
it and serves the apps, and the tests that need a demo site (tests/security) call it too, so the two cannot
drift apart.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from ..i18n import text
from . import params
from .edge import translate_errors
from .group import CITY, Workspace, cli, lang_of
from .output import say
from .serve import app_url, run_server

#: The staff pages the demo issues a link for: (key, notebook, county or None for a city link). The key names
#: the link's label in i18n/cli.toml (``demo_<key>``).
STAFF_PAGES = (("city_overview", "city_overview.ipynb", None),
               ("city_dashboard", "county_dashboard.ipynb", None),
               ("county_dashboard", "county_dashboard.ipynb", "盖州市"),
               ("directory", "directory.ipynb", None))


@dataclass
class DemoSite:
    summary: object     # panel_toolkit.demo.DemoSummary
    panel: object       # panel_toolkit.demo.experts.DemoPanel
    staff: dict[str, str]   # STAFF_PAGES key → personal staff link

    @property
    def experts(self) -> dict[int, str]:
        """Expert id → personal link."""
        return {x["expert_id"]: x["link"] for x in self.panel.links}


def staff_links(root: str | Path, port: int, db: str | None = None) -> dict[str, str]:
    """A personal staff link of the demo session for each of :data:`STAFF_PAGES`, issued by the city."""
    from ..demo.build import SESSION_ID

    ws = Workspace(root, db)
    try:
        city = ws.session(SESSION_ID)
        return {key: city.issue_viewer_link(app_url(port, notebook), county=county,
                                            issued_to=f"{county or CITY} 示例工作人员").link
                for key, notebook, county in STAFF_PAGES}
    finally:
        ws.close()


def demo_site(root: str | Path, port: int, seed: int = 2024, db: str | None = None) -> DemoSite:
    """Build the demo workspace in ``root``, draw its expert panel, and issue every expert's personal link
    and the staff links, all for apps served on 127.0.0.1:``port``. No sheet is scored."""
    from ..demo import build_demo
    from ..demo.experts import add_demo_panel

    summary = build_demo(root, seed=seed, db=db)
    panel = add_demo_panel(root, base_url=app_url(port), seed=seed, db=db)
    return DemoSite(summary, panel, staff_links(summary.root, port, db))


@cli.command()
@click.option("--dir", "root", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-workspace"),
              show_default=True, help="Where to build the demo workspace.")
@click.option("--seed", type=params.Integer(0, 2**32 - 1), default=2024, show_default=True)
@click.option("--port", type=params.PORT, default=8866, show_default=True, help="Port of the apps on 127.0.0.1 (in the links).")
@click.option("--links", "show", type=params.Integer(0, 1000), default=3, show_default=True, help="How many experts' links to print.")
@click.option("--no-serve", is_flag=True, help="Build the workspace only.")
@click.pass_context
@translate_errors
def demo(ctx, root, seed, port, show, no_serve):
    """Build a demo workspace (seeded synthetic applications, all marked 示例), draw a demo expert panel,
    print a few experts' personal links and serve the apps."""
    from ..demo.scores import fill_demo_scores

    lang, db = lang_of(ctx), ctx.find_root().obj["db"]
    site = demo_site(root, port, seed, db)
    click.echo(site.summary.message(lang))
    click.echo(site.panel.message(lang, show=show))
    # Everyone but the experts whose links are shown has scored: the dashboards have data, and the
    # shown links open sheets still to be done.
    filled = fill_demo_scores(site.summary.root, seed, tuple(x["expert_id"] for x in site.panel.links[:show]), db)
    say(ctx, "other_sheets", submitted=filled.submitted)
    for key, link in site.staff.items():
        say(ctx, "labelled_link", label=text(f"cli.demo_{key}", lang), link=link)
    if no_serve:
        store = f" --db '{db}'" if db else ""
        say(ctx, "start_apps", root=site.summary.root, store=store, port=port)
        return
    say(ctx, "starting_apps")
    sys.exit(run_server(site.summary.root, db, lang, port, None, True, 900))
