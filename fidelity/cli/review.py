"""``fidelity review ...``: start, list, show, rate, reconcile, finalize and reopen reviews."""

from __future__ import annotations

from typing import Annotated

import typer

from fidelity.cli.common import (
    DbOption,
    JsonOption,
    emit_json,
    emit_table,
    message,
    parse_date,
    service,
)
from fidelity.errors import InvalidInputError

app = typer.Typer(help="Fidelity reviews.", no_args_is_help=True)

ReviewId = Annotated[int, typer.Argument(help="Review id (see `fidelity review list`).")]
RaterOption = Annotated[str | None, typer.Option(
    "--rater", help="Rater's name; leave out to work on the consensus score.")]


def _level(level: str | None, provisional: bool) -> str:
    if level is None:
        return "-"
    return f"{level} (provisional)" if provisional else level


@app.command("new")
def new(site: Annotated[str, typer.Argument(help="Site name or id.")],
        scale: Annotated[str, typer.Option(help="Scale id.")] = "ips-25",
        date: Annotated[str | None, typer.Option(help="Visit date, YYYY-MM-DD "
                                                 "(default: today).")] = None,
        review_type: Annotated[str, typer.Option(
            "--type", help="external, self-assessment or follow-up.")] = "external",
        rater: Annotated[list[str] | None, typer.Option(
            "--rater", help="A rater's name; repeat for each rater.")] = None,
        db: DbOption = None, json: JsonOption = False) -> None:
    """Start a review of a site.

    Example: fidelity review new "North Team" --date 2026-11-20 --rater Ann --rater Bo
    """
    from datetime import date as date_type

    visit = parse_date(date) or date_type.today()
    view = service(db).start_review(site, scale, visit, review_type, rater or [])
    if json:
        emit_json(view)
    else:
        message(f"started review {view.id} of {view.site} ({view.scale_id}, {view.visit_date})")


@app.command("list")
def list_reviews(site: Annotated[str | None, typer.Option(help="Only this site.")] = None,
                 status: Annotated[str | None, typer.Option(
                     help="draft, consensus or final.")] = None,
                 db: DbOption = None, json: JsonOption = False) -> None:
    """List reviews, newest first, with total and fidelity level.

    Example: fidelity review list --site "North Team" --json
    """
    reviews = service(db, create=False).list_reviews(site=site, status=status)
    if json:
        emit_json(reviews)
        return
    emit_table("Reviews", ["id", "site", "date", "type", "scale", "status", "total", "level"],
               [[r.id, r.site, r.visit_date, r.review_type, r.scale_id, r.status,
                 f"{r.total}" + (f" ({r.scored}/{r.items} scored)" if r.scored < r.items else ""),
                 _level(r.level, r.provisional)] for r in reviews])


@app.command("show")
def show(review_id: ReviewId, db: DbOption = None, json: JsonOption = False) -> None:
    """Show a review: item scores, sub-scores, level and rater agreement.

    Example: fidelity review show 3
    """
    svc = service(db, create=False)
    detail = svc.review_detail(review_id)
    if json:
        emit_json(detail)
        return
    r, s = detail.review, detail.summary
    print(f"Review {r.id}: {r.site}, {r.visit_date} ({r.review_type}, {r.scale_id} "
          f"{r.scale_version}), status {r.status}; raters: {', '.join(r.raters) or 'none'}")
    print(f"Total {s.total} of {s.total_max}; level {_level(s.level_name, s.provisional)}"
          + (f"; {s.unscored} item(s) unscored, final total between {s.possible_min} and "
             f"{s.possible_max}" if s.unscored else ""))
    raters = list(detail.by_rater)
    rows = []
    for index, rating in enumerate(detail.consensus):
        rows.append([rating.item_number, rating.item_name,
                     *[_score(detail.by_rater[name][index].score) for name in raters],
                     _score(rating.score),
                     "yes" if rating.evidence or any(detail.by_rater[name][index].evidence
                                                     for name in raters) else ""])
    emit_table("Items", ["#", "item", *raters, "consensus", "evidence"], rows)
    emit_table("Sections", ["section", "scored", "total", "mean", "% of max"],
               [[g.name, f"{g.scored}/{g.items}", g.total, _num(g.mean), _num(g.percent_of_max)]
                for g in s.sections])
    if s.principles:
        emit_table("Principles", ["principle", "scored", "mean", "% of max"],
                   [[g.name, f"{g.scored}/{g.items}", _num(g.mean), _num(g.percent_of_max)]
                    for g in s.principles])
    if detail.agreement is not None:
        a = detail.agreement
        print(f"Agreement over {a.compared} items: exact {_num(a.exact_percent)}%, within one "
              f"{_num(a.within_one_percent)}%; differ by 2+: "
              f"{', '.join(d.item_id for d in a.large) or 'none'}")


def _score(value: int | None) -> str:
    return "-" if value is None else str(value)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


@app.command("rate")
def rate(review_id: ReviewId,
         item: Annotated[str, typer.Argument(help="Item id or number.")],
         score: Annotated[int | None, typer.Argument(help="Score; leave out with --metric to "
                                                     "take the suggested score.")] = None,
         rater: RaterOption = None,
         metric: Annotated[float | None, typer.Option(
             help="The measured figure (e.g. clients per ES).")] = None,
         elements: Annotated[str | None, typer.Option(
             help="Numbers of the elements present, e.g. 1,2,4.")] = None,
         evidence: Annotated[str | None, typer.Option(help="Evidence note.")] = None,
         sources: Annotated[str | None, typer.Option(
             help="Data sources used, e.g. MIS,INT.")] = None,
         clear: Annotated[bool, typer.Option("--clear", help="Remove the score "
                                             "(item unscored).")] = False,
         db: DbOption = None, json: JsonOption = False) -> None:
    """Score an item, for one rater or the consensus, with figure, evidence and sources.

    Example: fidelity review rate 3 caseload_size --rater Ann --metric 18 --evidence "MIS list"
    """
    svc = service(db, create=False)
    fields: dict[str, object] = {}
    if metric is not None:
        fields["metric_value"] = metric
    if elements is not None:
        try:
            fields["elements"] = [int(e) - 1 for e in elements.split(",") if e.strip()]
        except ValueError:
            raise InvalidInputError(f"--elements '{elements}' must be numbers separated by "
                                    "commas, e.g. 1,2,4.") from None
    if evidence is not None:
        fields["evidence"] = evidence
    if sources is not None:
        fields["data_sources"] = [c.strip() for c in sources.split(",") if c.strip()]
    if clear:
        fields["score"] = None
    elif score is not None:
        fields["score"] = score
    if not fields:
        raise InvalidInputError("nothing to record: give a SCORE, --metric, --elements, "
                                "--evidence, --sources or --clear.")
    view = svc.update_rating(review_id, item, rater, **fields)  # type: ignore[arg-type]
    if score is None and not clear and view.suggested_score is not None:
        view = svc.rate_item(review_id, item, view.suggested_score, rater)
        message(f"score {view.suggested_score} suggested by the figure was recorded")
    if json:
        emit_json(view)
    else:
        message(f"review {review_id}, item {view.item_number} ({view.rater}): score "
                f"{_score(view.score)}")


@app.command("add-rater")
def add_rater(review_id: ReviewId, name: Annotated[str, typer.Argument(help="Rater's name.")],
              db: DbOption = None) -> None:
    """Add a rater to a review.

    Example: fidelity review add-rater 3 "Chris"
    """
    raters = service(db, create=False).add_rater(review_id, name)
    message(f"review {review_id} raters: {', '.join(raters)}")


@app.command("accept-agreed")
def accept_agreed(review_id: ReviewId, db: DbOption = None) -> None:
    """Set the consensus score of every item on which all raters agree.

    Example: fidelity review accept-agreed 3
    """
    items = service(db, create=False).accept_agreed(review_id)
    message(f"consensus set for {len(items)} item(s) where raters agreed")


@app.command("finalize")
def finalize(review_id: ReviewId,
             allow_unscored: Annotated[bool, typer.Option(
                 help="Finalize even if some items lack a consensus score.")] = False,
             db: DbOption = None) -> None:
    """Lock a review; it can then only change after `fidelity review reopen`.

    Example: fidelity review finalize 3
    """
    view = service(db, create=False).finalize(review_id, allow_unscored)
    level = _level(view.level, view.provisional)
    message(f"review {view.id} finalized: total {view.total}, {level}")


@app.command("reopen")
def reopen(review_id: ReviewId,
           reason: Annotated[str, typer.Option(help="Why it must change (kept in the audit "
                                               "log).")],
           db: DbOption = None) -> None:
    """Unlock a finalized review, giving a reason.

    Example: fidelity review reopen 3 --reason "item 12 scored from wrong records"
    """
    view = service(db, create=False).reopen(review_id, reason)
    message(f"review {view.id} reopened (status {view.status})")


@app.command("audit")
def audit(review_id: ReviewId, db: DbOption = None, json: JsonOption = False) -> None:
    """Show every recorded change to a review.

    Example: fidelity review audit 3
    """
    entries = service(db, create=False).audit_log(review_id)
    if json:
        emit_json(entries)
        return
    emit_table(f"Audit log of review {review_id}",
               ["when (UTC)", "who", "what", "field", "old", "new", "reason"],
               [[e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, f"{e.entity} {e.entity_id}",
                 e.field, e.old_value, e.new_value, e.reason] for e in entries])
