"""``fidelity actions list|add|update|suggest``: action plans, for IPS leads."""

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

app = typer.Typer(help="Action plans.", no_args_is_help=True)

TodayOption = Annotated[str | None, typer.Option(
    "--today", help="Judge 'overdue' as of this date (YYYY-MM-DD; default: today).")]


@app.command("list")
def list_actions(site: Annotated[str | None, typer.Option(help="Only this site.")] = None,
                 status: Annotated[str | None, typer.Option(
                     help="open, in progress, done, dropped, or overdue.")] = None,
                 owner: Annotated[str | None, typer.Option(
                     help="Owner (part of the name is enough).")] = None,
                 today: TodayOption = None, db: DbOption = None,
                 json: JsonOption = False) -> None:
    """List action items by due date; overdue ones are marked.

    Example: fidelity actions list --status overdue --owner "IPS lead"
    """
    actions = service(db, create=False).list_actions(
        site=site, status=status, owner=owner, today=parse_date(today, "--today"))
    if json:
        emit_json(actions)
        return
    emit_table("Action items", ["id", "site", "review", "item", "what", "owner", "due",
                                "status", "notes"],
               [[a.id, a.site, a.review_id, a.item_id or a.principle_id or "", a.what,
                 a.owner, a.due_date, a.status + (" OVERDUE" if a.overdue else ""),
                 len(a.notes)] for a in actions])


@app.command("add")
def add(review_id: Annotated[int, typer.Argument(help="Review the plan belongs to.")],
        what: Annotated[str, typer.Option(help="What will be done.")],
        item: Annotated[str | None, typer.Option(help="Item id or number.")] = None,
        principle: Annotated[str | None, typer.Option(help="Principle id, e.g. P3.")] = None,
        owner: Annotated[str, typer.Option(help="Who owns it.")] = "",
        due: Annotated[str | None, typer.Option(help="Due date YYYY-MM-DD.")] = None,
        db: DbOption = None, json: JsonOption = False) -> None:
    """Add an action item to a review's plan.

    Example: fidelity actions add 12 --item caseload_size --what "Recruit an ES" --due 2027-03-31
    """
    action = service(db, create=False).add_action(
        review_id, what, owner=owner, due_date=parse_date(due, "--due"), item_id=item,
        principle_id=principle)
    if json:
        emit_json(action)
    else:
        message(f"added action {action.id} to review {review_id}")


@app.command("update")
def update(action_id: Annotated[int, typer.Argument(help="Action item id.")],
           status: Annotated[str | None, typer.Option(
               help="open, in progress, done or dropped.")] = None,
           note: Annotated[str | None, typer.Option(
               help="Progress note (added with today's date; never overwrites).")] = None,
           owner: Annotated[str | None, typer.Option(help="New owner.")] = None,
           due: Annotated[str | None, typer.Option(help="New due date YYYY-MM-DD.")] = None,
           db: DbOption = None, json: JsonOption = False) -> None:
    """Change an action item's status, owner or due date, or add a progress note.

    Example: fidelity actions update 7 --status "in progress" --note "Advert out"
    """
    action = service(db, create=False).update_action(
        action_id, status=status, note=note, owner=owner, due_date=parse_date(due, "--due"))
    if json:
        emit_json(action)
    else:
        message(f"action {action.id}: {action.status}, {len(action.notes)} note(s)")


@app.command("suggest")
def suggest(review_id: Annotated[int, typer.Argument(help="Review id.")],
            db: DbOption = None, json: JsonOption = False) -> None:
    """Items and principles furthest below the top score, weakest first.

    Example: fidelity actions suggest 12
    """
    found = service(db, create=False).suggest_actions(review_id)
    if json:
        emit_json(found)
        return
    emit_table(f"Starting points for the action plan of review {review_id}",
               ["kind", "id", "what", "score", "below top"],
               [[s.kind, s.id, s.label, f"{s.score:g}", f"{s.gap:g}"] for s in found])
