"""The CLI contract: data on stdout, messages on stderr, documented exit codes.

Requirements:
- CL001: `--json` prints exactly what the service returns.
- CL002: bad input gives one `error:` line on stderr and the documented exit code, never a
  traceback: unknown site (1), unknown item (1), score out of range (1), malformed scale (1),
  locked review (1), not a database (3), usage (2).
- CL003: `scale validate` prints every problem and exits 1 on a bad file, 0 on good ones.
- CL004: `demo` seeds a populated database; `locate` lists where things live.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from fidelity.cli.exit_codes import ExitCode
from fidelity.cli.main import run
from fidelity.service import open_service
from tests.conftest import DATA, ROOT


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `fidelity ARGS` in-process through the real entry point."""
    old = sys.argv
    sys.argv = ["fidelity", *args]
    try:
        run()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0) if not isinstance(exc.code, str) else 1
    finally:
        sys.argv = old
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def _setup(capsys: pytest.CaptureFixture[str], db: str) -> None:
    assert cli(capsys, "site", "add", "North Team", "--org", "Trust A", "--db", db)[0] == 0
    code, _, err = cli(capsys, "review", "new", "North Team", "--date", "2026-03-02",
                       "--rater", "Ann", "--rater", "Bo", "--db", db)
    assert code == 0, err


def test_json_equals_service(capsys: pytest.CaptureFixture[str], db: str) -> None:  # CL001
    _setup(capsys, db)
    code, out, err = cli(capsys, "review", "rate", "1", "caseload_size", "--rater", "Ann",
                         "--metric", "19", "--evidence", "=SUM(A1)", "--db", db)
    assert code == 0, err
    assert "suggested" in err
    code, out, _ = cli(capsys, "review", "show", "1", "--json", "--db", db)
    assert code == 0
    service = open_service(db)
    assert json.loads(out) == json.loads(service.review_detail(1).model_dump_json())
    code, out, _ = cli(capsys, "review", "list", "--json", "--db", db)
    assert [r["id"] for r in json.loads(out)] == [1]
    code, out, _ = cli(capsys, "site", "list", "--json", "--db", db)
    assert json.loads(out)[0]["name"] == "North Team"
    assert service.review_detail(1).by_rater["Ann"][0].score == 5


@pytest.mark.parametrize(("args", "code", "fragment"), [
    (["review", "new", "Nowhere", "--date", "2026-01-01"], ExitCode.INVALID, "unknown site"),
    (["review", "rate", "1", "caseload", "3"], ExitCode.INVALID, "unknown item 'caseload'"),
    (["review", "rate", "1", "caseload_size", "7"], ExitCode.INVALID, "outside the scale's range"),
    (["review", "rate", "9", "caseload_size", "3"], ExitCode.INVALID, "unknown review 9"),
    (["review", "new", "North Team", "--date", "2026-13-40"], ExitCode.INVALID, "YYYY-MM-DD"),
    (["review", "new", "North Team", "--scale", "nope"], ExitCode.INVALID, "unknown scale"),
    (["review", "frobnicate"], ExitCode.USAGE, "No such command"),
    (["review", "rate", "1"], ExitCode.USAGE, "Missing argument"),
])
def test_bad_input(capsys: pytest.CaptureFixture[str], db: str, args: list[str],
                   code: int, fragment: str) -> None:  # CL002
    _setup(capsys, db)
    got, out, err = cli(capsys, *args, "--db", db)
    assert got == code, err
    assert fragment in err
    assert "Traceback" not in err
    assert out == ""


def test_locked_review_exit_code(capsys: pytest.CaptureFixture[str], db: str) -> None:  # CL002
    _setup(capsys, db)
    for number in range(1, 26):
        cli(capsys, "review", "rate", "1", str(number), "3", "--db", db)
    assert cli(capsys, "review", "finalize", "1", "--db", db)[0] == 0
    code, _, err = cli(capsys, "review", "rate", "1", "1", "4", "--db", db)
    assert code == ExitCode.INVALID
    assert err.count("\n") == 1 and "finalized and locked" in err
    code, _, err = cli(capsys, "review", "reopen", "1", "--reason", "typo in item 1",
                       "--db", db)
    assert code == 0, err
    code, out, _ = cli(capsys, "review", "audit", "1", "--json", "--db", db)
    assert any(e["reason"] == "typo in item 1" for e in json.loads(out))


def test_not_a_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:  # CL002
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"\x00garbage" * 500)
    code, out, err = cli(capsys, "review", "list", "--db", str(bogus))
    assert code == ExitCode.DATABASE
    assert "bogus.db is not a fidelity database" in err and out == ""
    code, _, err = cli(capsys, "review", "list", "--db", str(tmp_path / "missing.db"))
    assert code == ExitCode.DATABASE and "does not exist" in err


def test_validate(capsys: pytest.CaptureFixture[str]) -> None:  # CL003
    code, _, err = cli(capsys, "scale", "validate", str(ROOT / "scales" / "ips-25.yaml"),
                       str(ROOT / "scales" / "ips-15.yaml"))
    assert code == 0 and err.count(": ok (") == 2
    code, _, err = cli(capsys, "scale", "validate",
                       str(DATA / "broken" / "unknown_field_typo.yaml"),
                       str(DATA / "broken" / "level_gap.yaml"))
    assert code == ExitCode.INVALID
    lines = err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("error: ") for line in lines)
    assert "Did you mean 'anchors'?" in err and "level_gap.yaml line 11" in err


def test_scale_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "scale", "list", "--json")
    assert code == 0
    assert {s["id"]: s["items"] for s in json.loads(out)} == {"ips-25": 25, "ips-15": 15}
    code, out, _ = cli(capsys, "scale", "show", "ips-25", "--json")
    assert len(json.loads(out)["items"]) == 25


def test_demo_and_locate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:  # CL004
    target = str(tmp_path / "demo.db")
    code, out, err = cli(capsys, "demo", "--db", target)
    assert code == 0, err
    assert out.strip() == target
    service = open_service(target)
    sites = service.list_sites()
    assert len(sites) == 3 and all(s.reviews >= 4 for s in sites)
    reviews = service.list_reviews()
    assert {r.status for r in reviews} == {"final", "draft"}
    assert {r.review_type for r in reviews} == {"external", "self-assessment", "follow-up"}
    years = {r.visit_date.year for r in reviews}
    assert max(years) - min(years) >= 3
    assert cli(capsys, "demo", "--db", target)[0] == ExitCode.INVALID  # no silent overwrite
    code, out, _ = cli(capsys, "locate", "--json", "--db", target)
    assert json.loads(out)["database"] == target


def test_exports_from_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = str(tmp_path / "demo.db")
    assert cli(capsys, "demo", "--db", target)[0] == 0
    out = tmp_path / "out"
    for args in (["report", "1", "-o", str(out / "r.xlsx")],
                 ["radar", "2", "--vs", "1", "--by", "item", "-o", str(out / "r.png")],
                 ["trend", "Riverside CMHT IPS", "-o", str(out / "t.svg")],
                 ["portfolio", "--region", "North", "-o", str(out / "p.xlsx")]):
        code, stdout, err = cli(capsys, "export", *args, "--db", target)
        assert code == 0, err
        assert stdout == "" and err.startswith("wrote ")
    assert sorted(p.name for p in out.iterdir()) == ["p.xlsx", "r.png", "r.xlsx", "t.svg"]
    code, _, err = cli(capsys, "export", "radar", "1", "--by", "colour", "-o",
                       str(out / "x.png"), "--db", target)
    assert code == ExitCode.INVALID and "--by 'colour'" in err
    code, _, err = cli(capsys, "export", "report", "99", "-o", str(out / "x.xlsx"),
                       "--db", target)
    assert code == ExitCode.INVALID and "unknown review 99" in err


def test_actions_and_compare_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = str(tmp_path / "demo.db")
    assert cli(capsys, "demo", "--db", target)[0] == 0
    code, out, err = cli(capsys, "actions", "add", "4", "--item", "13", "--what",
                         "=Plan disclosure training", "--owner", "IPS lead", "--due",
                         "2026-12-31", "--json", "--db", target)
    assert code == 0, err
    added = json.loads(out)
    assert added["item_id"] == "disclosure" and added["what"] == "=Plan disclosure training"
    code, out, _ = cli(capsys, "actions", "update", str(added["id"]), "--status",
                       "in progress", "--note", "Trainer booked", "--json", "--db", target)
    assert json.loads(out)["notes"][0]["text"] == "Trainer booked"
    code, out, _ = cli(capsys, "actions", "list", "--status", "overdue", "--today",
                       "2027-01-15", "--json", "--db", target)
    overdue = json.loads(out)
    assert added["id"] in [a["id"] for a in overdue] and all(a["overdue"] for a in overdue)
    dues = [a["due_date"] for a in overdue]
    assert dues == sorted(dues)
    code, out, _ = cli(capsys, "actions", "suggest", "4", "--json", "--db", target)
    gaps = [s["gap"] for s in json.loads(out)]
    assert gaps == sorted(gaps, reverse=True) and gaps
    code, out, err = cli(capsys, "compare", "Riverside CMHT IPS", "--by", "section",
                         "--csv", "--db", target)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0].startswith("section,2023-11-14,2024-05-21 (self),")
    assert lines[0].endswith("first to last") and len(lines) == 5
    code, out, _ = cli(capsys, "compare", "Riverside CMHT IPS", "--type", "external",
                       "--type", "follow-up", "--json", "--db", target)
    assert "self-assessment" not in {c["review_type"] for c in json.loads(out)["columns"]}
    code, out, err = cli(capsys, "compare", "--sites", "Riverside CMHT IPS",
                         "Hillview Recovery Team", "--as-of", "2025-12-31", "--db", target)
    assert code == 0 and "Riverside CMHT IPS" in out and "first to last" not in out
    code, _, err = cli(capsys, "compare", "Nowhere", "--db", target)
    assert code == ExitCode.INVALID and "unknown site 'Nowhere'" in err


def test_db_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = str(tmp_path / "demo.db")
    assert cli(capsys, "demo", "--db", target)[0] == 0
    code, out, _ = cli(capsys, "db", "check", "--json", "--db", target)
    report = json.loads(out)
    assert code == 0 and report["problems"] == []
    assert report["schema_version"] == report["expected_version"]
    # a backup taken while another connection holds uncommitted-to-file WAL pages
    service = open_service(target)
    service.add_site("Written just now")
    copy = tmp_path / "copy.db"
    code, _, err = cli(capsys, "db", "backup", str(copy), "--db", target)
    assert code == 0, err
    assert "Written just now" in {s.name for s in open_service(str(copy)).list_sites()}
    code, _, err = cli(capsys, "db", "backup", str(copy), "--db", target)
    assert code == ExitCode.INVALID and "already exists" in err


def test_bundle_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    laptop_a, laptop_b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert cli(capsys, "demo", "--db", laptop_a)[0] == 0
    bundle = tmp_path / "r5.ipsbundle"
    code, _, err = cli(capsys, "bundle", "export", "5", "-o", str(bundle), "--db", laptop_a)
    assert code == 0, err
    code, out, err = cli(capsys, "bundle", "import", str(bundle), "--json", "--db", laptop_b)
    assert code == 0, err
    assert json.loads(out)["review_created"] is True
    code, _, err = cli(capsys, "bundle", "import", str(bundle), "--db", laptop_b)
    assert code == 0 and "nothing new" in err
    bundle.write_text(bundle.read_text()[:500])
    code, out, err = cli(capsys, "bundle", "import", str(bundle), "--db", laptop_b)
    assert code == ExitCode.INVALID and "truncated" in err and out == ""
    code, out, _ = cli(capsys, "bundle", "conflicts", "1", "--json", "--db", laptop_b)
    assert code == 0 and json.loads(out) == []


def test_every_command_has_help_with_an_example() -> None:
    import typer.main

    from fidelity.cli.main import app

    group = typer.main.get_command(app)

    def walk(command: Any, path: list[str]) -> list[tuple[str, str]]:
        # Typer vendors its own click, so groups are recognised by their sub-commands.
        found = []
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                found += walk(sub, [*path, name])
        else:
            found.append((" ".join(path), command.help or ""))
        return found

    commands = walk(group, [])
    assert len(commands) >= 30
    missing = [name for name, text in commands if "Example" not in text]
    assert missing == []


def test_cli_on_either_database(capsys: pytest.CaptureFixture[str], database: str,
                                tmp_path: Path) -> None:
    """The same commands work with a SQLite file and a PostgreSQL URL."""
    code, _, err = cli(capsys, "demo", "--db", database)
    assert code == 0, err
    code, out, _ = cli(capsys, "review", "list", "--json", "--db", database)
    assert len(json.loads(out)) == 14
    code, out, _ = cli(capsys, "compare", "Riverside CMHT IPS", "--json", "--db", database)
    assert code == 0 and len(json.loads(out)["columns"]) == 5
    code, _, err = cli(capsys, "export", "report", "4", "-o", str(tmp_path / "r.xlsx"),
                       "--db", database)
    assert code == 0, err
    code, out, _ = cli(capsys, "db", "check", "--json", "--db", database)
    assert code == 0 and json.loads(out)["problems"] == []
