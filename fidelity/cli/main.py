"""Entry point of the ``fidelity`` command: the Typer app and error-to-exit-code handling.

Sub-command modules are imported here, but each imports the heavy libraries (SQLAlchemy,
openpyxl, matplotlib, textual) inside its functions, so ``fidelity --help`` stays fast.
"""

from __future__ import annotations

import os
import sys

import typer

from fidelity import __version__
from fidelity.cli import (
    actions,
    bundle,
    compare,
    db_cmd,
    demo,
    export,
    locate,
    review,
    scale,
    site,
    tui_cmd,
)
from fidelity.cli.common import DbOption
from fidelity.cli.exit_codes import ExitCode, exit_code_for

app = typer.Typer(
    name="fidelity",
    help="Conduct, score and report IPS fidelity reviews. Without a command, opens the "
    "review app.\n\nExample: fidelity review list --site 'North Team'",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(scale.app, name="scale")
app.add_typer(site.app, name="site")
app.add_typer(review.app, name="review")
app.add_typer(actions.app, name="actions")
app.add_typer(bundle.app, name="bundle")
app.add_typer(export.app, name="export")
app.command("compare")(compare.compare)
app.add_typer(db_cmd.app, name="db")
app.command("locate")(locate.locate)
app.command("demo")(demo.demo)
app.command("tui")(tui_cmd.tui)


def _version(value: bool) -> None:
    if value:
        print(f"fidelity {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    db: DbOption = None,
) -> None:
    """Conduct, score and report IPS fidelity reviews."""
    if debug:
        os.environ["IPS_DEBUG"] = "1"
    if db:
        # Sub-commands read IPS_DB when their own --db is absent: `fidelity --db X cmd`.
        os.environ["IPS_DB"] = db
    if ctx.invoked_subcommand is None:
        tui_cmd.tui(db)


def run() -> None:
    """Console-script entry: run the app and turn errors into one line and an exit code."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except BaseException as exc:  # the edge: every error becomes a message and a code
        if os.environ.get("IPS_DEBUG"):
            raise
        code = exit_code_for(exc)
        text = str(exc)
        if code is ExitCode.INTERNAL:
            from sqlalchemy.exc import SQLAlchemyError

            if isinstance(exc, SQLAlchemyError):
                from fidelity.store.engine import describe_db_error

                code, text = ExitCode.DATABASE, describe_db_error("the database", exc)
            else:
                text = (f"internal error ({type(exc).__name__}: {exc}). Please report it, "
                        "with the output of the same command run with --debug.")
        for line in (exc.problems if hasattr(exc, "problems") else [text]):
            print(f"error: {line}", file=sys.stderr)
        sys.exit(int(code))
