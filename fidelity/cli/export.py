"""``fidelity export report|radar|trend|portfolio``: workbooks and charts for people."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from fidelity.cli.common import DbOption, message, parse_date, service

app = typer.Typer(help="Excel reports and charts.", no_args_is_help=True)

Output = Annotated[Path, typer.Option("-o", "--output", help="File to write.")]
ByOption = Annotated[str, typer.Option("--by", help="principle, section or item.")]


def _by(value: str) -> Literal["principle", "section", "item"]:
    from fidelity.errors import InvalidInputError

    if value not in ("principle", "section", "item"):
        raise InvalidInputError(f"--by '{value}' must be principle, section or item.")
    return value  # type: ignore[return-value]


@app.command("report")
def report(review_id: Annotated[int, typer.Argument(help="Review id.")], output: Output,
           by: ByOption = "principle", db: DbOption = None) -> None:
    """Write the Excel review report (summary, score sheet, raters, action plan).

    Example: fidelity export report 12 -o riverside-2026-11.xlsx
    """
    from exports.report import write_report

    written = write_report(service(db, create=False), review_id, output, _by(by))
    message(f"wrote {written.path} ({', '.join(written.sheets)})")


@app.command("radar")
def radar(review_id: Annotated[int, typer.Argument(help="Review id.")], output: Output,
          vs: Annotated[list[int] | None, typer.Option(
              "--vs", help="Another review to draw beside it; repeat for more.")] = None,
          by: ByOption = "principle", db: DbOption = None) -> None:
    """Draw a radar chart of a review (PNG or SVG), optionally against other reviews.

    Example: fidelity export radar 12 --vs 9 --by section -o radar.png
    """
    from exports.review_charts import write_radar

    path = write_radar(service(db, create=False), [review_id, *(vs or [])], _by(by), output)
    message(f"wrote {path}")


@app.command("trend")
def trend(site: Annotated[str, typer.Argument(help="Site name or id.")], output: Output,
          scale: Annotated[str | None, typer.Option(help="Scale id (default: the one of the "
                                                    "latest review).")] = None,
          db: DbOption = None) -> None:
    """Draw a site's total over time with the fidelity level bands shaded.

    Example: fidelity export trend "Riverside CMHT IPS" -o trend.png
    """
    from exports.review_charts import write_trend

    path = write_trend(service(db, create=False), site, output, scale)
    message(f"wrote {path}")


@app.command("portfolio")
def portfolio(output: Output,
              region: Annotated[str | None, typer.Option(help="Only this region.")] = None,
              as_of: Annotated[str | None, typer.Option(
                  "--as-of", help="Latest review on or before this date (YYYY-MM-DD).")] = None,
              scale: Annotated[str | None, typer.Option(help="Scale id (default: the most "
                                                        "used).")] = None,
              include_drafts: Annotated[bool, typer.Option(
                  help="Use the latest review even if not finalized.")] = False,
              db: DbOption = None) -> None:
    """Write the portfolio workbook: a row per site, a sheet per principle, weakest first.

    Example: fidelity export portfolio --region North --as-of 2026-06-30 -o north.xlsx
    """
    from exports.portfolio import write_portfolio

    written = write_portfolio(service(db, create=False), output, region=region,
                              as_of=parse_date(as_of, "--as-of"), scale_id=scale,
                              include_drafts=include_drafts)
    message(f"wrote {written.path}: {written.sites} sites, {written.reviewed} with a review")
