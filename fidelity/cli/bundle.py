"""``fidelity bundle export|import|conflicts|resolve``: carry reviews between laptops."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fidelity.cli.common import DbOption, JsonOption, emit_json, emit_table, message, service

app = typer.Typer(help="Review bundles for working offline on several laptops.",
                  no_args_is_help=True)


@app.command("export")
def export(review_id: Annotated[int, typer.Argument(help="Review id.")],
           output: Annotated[Path, typer.Option("-o", "--output", help="Bundle file.")],
           rater: Annotated[str | None, typer.Option(
               help="Only this rater's ratings (for merging into a colleague's copy).")] = None,
           db: DbOption = None) -> None:
    """Write a review to one self-contained file (scale copy, ratings, notes, actions, log).

    Example: fidelity bundle export 12 --rater "Bo" -o bo-north-team.ipsbundle
    """
    path = service(db, create=False).export_bundle(review_id, output, rater)
    message(f"wrote {path}")


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="Bundle file.")], db: DbOption = None,
            json: JsonOption = False) -> None:
    """Merge a bundle: new work is added, nothing is overwritten, conflicts are kept.

    Example: fidelity bundle import bo-north-team.ipsbundle
    """
    report = service(db).import_bundle(file)
    if json:
        emit_json(report)
        return
    if not report.changed:
        message(f"{file.name}: nothing new (review {report.review_id} already has it)")
        return
    message(f"{file.name} -> review {report.review_id}: "
            + ("created; " if report.review_created else "")
            + f"{report.ratings_added} rating(s) added, {report.ratings_updated} updated, "
            f"{report.conflicts} conflict(s), {report.actions_added + report.actions_updated} "
            f"action item(s), {report.notes_added} note(s), {report.audit_added} log row(s)"
            + (f"; status {report.status_changed}" if report.status_changed else ""))
    if report.conflicts:
        message(f"see them with: fidelity bundle conflicts {report.review_id}")


@app.command("conflicts")
def conflicts(review_id: Annotated[int, typer.Argument(help="Review id.")],
              all_: Annotated[bool, typer.Option("--all", help="Include resolved ones.")] = False,
              db: DbOption = None, json: JsonOption = False) -> None:
    """List ratings changed on two laptops since they last met (ours beside theirs).

    Example: fidelity bundle conflicts 12
    """
    found = service(db, create=False).conflicts(review_id, include_resolved=all_)
    if json:
        emit_json(found)
        return
    emit_table(f"Conflicts in review {review_id}",
               ["id", "rater", "item", "ours", "theirs", "our note", "their note", "from",
                "resolved"],
               [[c.id, c.rater, c.item_id, c.ours_score, c.theirs_score, c.ours_evidence,
                 c.theirs_evidence, c.source, "yes" if c.resolved else ""] for c in found])


@app.command("resolve")
def resolve(conflict_id: Annotated[int, typer.Argument(help="Conflict id.")],
            take: Annotated[str, typer.Option(help="ours or theirs.")],
            db: DbOption = None) -> None:
    """Settle a conflict by keeping our version or taking theirs (logged).

    Example: fidelity bundle resolve 3 --take theirs
    """
    view = service(db, create=False).resolve_conflict(conflict_id, take)
    message(f"conflict {view.id} resolved ({take}): {view.rater}/{view.item_id} now "
            f"{view.ours_score}")
