"""``fidelity scale list|show|validate|schema``: the installed scale definitions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from fidelity.cli.common import JsonOption, emit_json, emit_table, message

app = typer.Typer(help="Scale definitions (YAML files).", no_args_is_help=True)


@app.command("list")
def list_scales(json: JsonOption = False) -> None:
    """List the installed scales.

    Example: fidelity scale list --json
    """
    from fidelity.scale.registry import ScaleRegistry

    registry = ScaleRegistry()
    scales = registry.all()
    rows = [{"id": s.id, "name": s.name, "edition": s.edition, "version": s.version,
             "items": len(s.items), "score_range": f"{s.score_range.min}-{s.score_range.max}",
             "total": f"{s.total_min}-{s.total_max}", "path": str(registry.path(s.id))}
            for s in scales]
    if json:
        emit_json(rows)
    else:
        emit_table("Installed scales", ["id", "name", "version", "items", "scores", "total"],
                   [[r["id"], r["name"], r["version"], r["items"], r["score_range"], r["total"]]
                    for r in rows])
    for problem in registry.problems:
        message(f"warning: {problem}")


@app.command("show")
def show(scale_id: Annotated[str, typer.Argument(help="Scale id, e.g. ips-25.")],
         json: JsonOption = False) -> None:
    """Show a scale's sections, items, principles and levels.

    Example: fidelity scale show ips-25
    """
    from fidelity.scale.registry import ScaleRegistry

    scale = ScaleRegistry().get(scale_id)
    if json:
        emit_json(scale)
        return
    print(f"{scale.name} ({scale.id}, version {scale.version}, {scale.edition})")
    print(f"Scores {scale.score_range.min}-{scale.score_range.max} per item; "
          f"total {scale.total_min}-{scale.total_max}")
    sections = {s.id: s.name for s in scale.sections}
    emit_table("Items", ["#", "id", "section", "name", "principles", "metric"],
               [[i.number, i.id, sections[i.section], i.name, " ".join(i.principles),
                 i.metric.name if i.metric else ""] for i in scale.items])
    emit_table("Levels", ["level", "from", "to"],
               [[lv.name, lv.min, lv.max] for lv in scale.levels])
    if scale.principles:
        emit_table("Principles", ["id", "name", "items"],
                   [[p.id, p.name, " ".join(str(i.number) for i in scale.principle_items(p.id))]
                    for p in scale.principles])


@app.command("validate")
def validate(files: Annotated[list[Path], typer.Argument(help="Scale YAML files.")]) -> None:
    """Check scale files; prints every problem with its line and exits 1 if any.

    Example: fidelity scale validate my-scale.yaml
    """
    from fidelity.errors import ScaleError
    from fidelity.scale.loader import load_scale

    problems: list[str] = []
    for file in files:
        try:
            scale = load_scale(file)
        except ScaleError as exc:
            problems += exc.problems
            continue
        message(f"{file}: ok ({scale.id} {scale.version}, {len(scale.items)} items)")
    if problems:
        raise ScaleError(problems)


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of scale files (also committed as scales/scale.schema.json).

    Example: fidelity scale schema > scale.schema.json
    """
    from fidelity.scale.schema import schema_json

    sys.stdout.write(schema_json())
