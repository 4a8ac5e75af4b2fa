"""``fidelity site add|list``: the services that are reviewed."""

from __future__ import annotations

from typing import Annotated

import typer

from fidelity.cli.common import DbOption, JsonOption, emit_json, emit_table, message, service

app = typer.Typer(help="Sites (IPS services or teams).", no_args_is_help=True)


@app.command("add")
def add(name: Annotated[str, typer.Argument(help="The team's name, unique.")],
        organisation: Annotated[str, typer.Option("--org", help="Organisation.")] = "",
        region: Annotated[str, typer.Option(help="Region.")] = "",
        db: DbOption = None, json: JsonOption = False) -> None:
    """Add a site.

    Example: fidelity site add "North Team" --org "NHS Trust A" --region North
    """
    site = service(db).add_site(name, organisation, region)
    if json:
        emit_json(site)
    else:
        message(f"added site {site.id}: {site.name}")


@app.command("list")
def list_sites(region: Annotated[str | None, typer.Option(help="Only this region.")] = None,
               db: DbOption = None, json: JsonOption = False) -> None:
    """List sites with their number of reviews.

    Example: fidelity site list --region North
    """
    sites = service(db, create=False).list_sites(region)
    if json:
        emit_json(sites)
    else:
        emit_table("Sites", ["id", "name", "organisation", "region", "reviews", "latest"],
                   [[s.id, s.name, s.organisation, s.region, s.reviews, s.latest_review_date]
                    for s in sites])
