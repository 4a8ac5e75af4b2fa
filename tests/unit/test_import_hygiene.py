"""The domain core never imports a UI toolkit.

Requirements:
- IH001: importing the core packages (scale, scoring, store, service, exports) in a fresh
  interpreter loads no textual, typer or rich module.
- IH002: `fidelity --help` does not load SQLAlchemy, openpyxl, matplotlib or textual.
"""

from __future__ import annotations

import json
import subprocess
import sys

CORE = ["fidelity.scale", "fidelity.scoring", "fidelity.store", "fidelity.service",
        "fidelity.service.demo", "fidelity.errors", "fidelity.locations", "fidelity.bundle",
        "fidelity.files", "exports.report", "exports.portfolio", "exports.review_charts"]


def _modules_after(code: str) -> set[str]:
    script = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                         text=True).stdout
    return {name.split(".")[0] for name in json.loads(out.strip().splitlines()[-1])}


def test_core_imports_no_ui() -> None:  # IH001
    loaded = _modules_after("\n".join(f"import {m}" for m in CORE))
    assert not loaded & {"textual", "typer", "rich", "click"}


def test_cli_help_is_light() -> None:  # IH002
    loaded = _modules_after(
        "import sys\nsys.argv = ['fidelity', '--help']\n"
        "from fidelity.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass")
    assert not loaded & {"sqlalchemy", "sqlmodel", "openpyxl", "matplotlib", "textual",
                         "alembic"}
