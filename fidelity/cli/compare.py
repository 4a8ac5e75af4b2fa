"""``fidelity compare``: a site's reviews over time, or sites side by side."""

from __future__ import annotations

import csv
import sys
from typing import Annotated, Literal

import typer

from fidelity.cli.common import DbOption, JsonOption, emit_json, emit_table, parse_date, service
from fidelity.errors import InvalidInputError


def _by(value: str) -> Literal["item", "section", "principle"]:
    if value not in ("item", "section", "principle"):
        raise InvalidInputError(f"--by '{value}' must be item, section or principle.")
    return value  # type: ignore[return-value]


def _num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    if value == 0:
        return "0"
    text = f"{value:+.2f}" if signed else f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def compare(sites: Annotated[list[str], typer.Argument(help="A site (over time), or several "
                                                       "sites with --sites.")],
            side_by_side: Annotated[bool, typer.Option(
                "--sites", help="Compare the named sites at their latest review.")] = False,
            by: Annotated[str, typer.Option(help="item, section or principle.")] = "item",
            date_from: Annotated[str | None, typer.Option("--from", help="From date.")] = None,
            date_to: Annotated[str | None, typer.Option("--to", help="To date.")] = None,
            as_of: Annotated[str | None, typer.Option(
                "--as-of", help="With --sites: latest review on or before this date.")] = None,
            review_type: Annotated[list[str] | None, typer.Option(
                "--type", help="Only this review type (external, self-assessment, "
                "follow-up); repeat for more.")] = None,
            scale: Annotated[str | None, typer.Option(help="Scale id, when a site's reviews "
                                                      "use several.")] = None,
            include_drafts: Annotated[bool, typer.Option(
                help="With --sites: use the latest review even if not finalized.")] = False,
            csv_out: Annotated[bool, typer.Option("--csv", help="Print CSV data.")] = False,
            db: DbOption = None, json: JsonOption = False) -> None:
    """Compare a site's reviews over time, or several sites side by side.

    Examples: fidelity compare "Riverside CMHT IPS" --by section;
    fidelity compare --sites "North Team" "South Team" --as-of 2026-06-30 --by principle
    """
    svc = service(db, create=False)
    types = tuple(review_type) if review_type else None
    if side_by_side or len(sites) > 1:
        result = svc.compare_sites(sites, by=_by(by), as_of=parse_date(as_of, "--as-of"),
                                   review_types=types, include_drafts=include_drafts)
    else:
        result = svc.compare_site(sites[0], by=_by(by), date_from=parse_date(date_from, "--from"),
                                  date_to=parse_date(date_to, "--to"), review_types=types,
                                  scale_id=scale)
    if json:
        emit_json(result)
        return
    across_sites = len({c.site for c in result.columns}) > 1
    heads = [(c.site if across_sites else str(c.visit_date))
             + ("" if c.review_type != "self-assessment" else " (self)") for c in result.columns]
    if csv_out:
        writer = csv.writer(sys.stdout)
        change_heads = ([f"change to {h}" for h in heads[1:]] + ["first to last"]
                        if result.over_time else [])
        writer.writerow([result.by, *heads, *change_heads])
        for row in result.rows:
            changes = ([_num(c, True) for c in row.changes[1:]] + [_num(row.overall, True)]
                       if result.over_time else [])
            writer.writerow([row.label, *[_num(v) for v in row.values], *changes])
        totals = ([_num(c, True) for c in result.total_changes[1:]] + [""]
                  if result.over_time else [])
        writer.writerow(["Total", *[c.total for c in result.columns], *totals])
        return
    table_rows = []
    for row in result.rows:
        cells = [_num(row.values[0])] + [
            f"{_num(v)} ({_num(c, True)})" if c else _num(v)
            for v, c in zip(row.values[1:], row.changes[1:], strict=True)]
        table_rows.append([row.label, *cells] + ([_num(row.overall, True)]
                                                 if result.over_time else []))
    tail = [""] if result.over_time else []
    table_rows.append(["Total", *[
        f"{c.total}" + ("*" if c.scored < c.items else "") for c in result.columns], *tail])
    table_rows.append(["Level", *[(c.level or "-") + (" (prov.)" if c.provisional else "")
                                  for c in result.columns], *tail])
    emit_table(f"{result.scale_id} by {result.by}",
               [result.by, *heads, *(["first to last"] if result.over_time else [])],
               table_rows)
    notes = []
    if result.level_changes:
        notes.append("Level changes: " + "; ".join(result.level_changes))
    if result.improvements:
        notes.append("Largest improvements: " + ", ".join(
            f"{r.label} ({_num(r.overall, True)})" for r in result.improvements))
    if result.declines:
        notes.append("Largest declines: " + ", ".join(
            f"{r.label} ({_num(r.overall, True)})" for r in result.declines))
    notes += [f"Note: {u}" for u in result.unmatched]
    if any(c.review_type == "self-assessment" for c in result.columns):
        notes.append("(self) = self-assessment, reported apart from external reviews; "
                     "filter with --type.")
    for line in notes:
        print(line)
