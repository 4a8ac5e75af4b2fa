"""Scale loading in stages, with located errors.

Requirements:
- SC001: the shipped scales load and have the structure the facts sheet gives.
- SC002: a scale with another range (0-4) and another size (7 items) loads; nothing assumes
  IPS-25.
- SC003: each broken file is refused with the file name, the line of the fault and a fix.
- SC004: only safe YAML is read (no Python object tags).
- SC005: the committed JSON Schema matches the pydantic model.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from fidelity.errors import ScaleError
from fidelity.scale import ScaleRegistry, load_scale, load_scale_text
from fidelity.scale.loader import scale_hash
from fidelity.scale.schema import schema_json
from tests.conftest import DATA, ROOT

BROKEN = DATA / "broken"
EXPECTED = json.loads((BROKEN / "expected.json").read_text())

SEVEN_ITEMS_0_TO_4 = textwrap.dedent("""\
    id: gen-7
    name: A general seven-item scale scored 0-4
    version: "0.1"
    score_range: {min: 0, max: 4}
    sections:
      - {id: structure, name: Structure}
      - {id: practice, name: Practice}
    principles:
      - {id: A, name: Access}
      - {id: B, name: Benefit}
    levels:
      - {id: high, name: High, min: 21, max: 28}
      - {id: mid, name: Middle, min: 11, max: 20}
      - {id: low, name: Low, min: 0, max: 10}
    items:
    """) + "".join(
    f"  - id: i{n}\n"
    f"    number: {n}\n"
    f"    section: {'structure' if n <= 3 else 'practice'}\n"
    f"    name: Item {n}\n"
    f"    looks_for: Thing {n}.\n"
    f"    principles: [{'A' if n % 2 else 'B'}]\n"
    "    anchors: {0: none, 1: little, 2: some, 3: most, 4: all}\n"
    for n in range(1, 8))


def test_shipped_ips25_structure() -> None:  # SC001
    scale = load_scale(ROOT / "scales" / "ips-25.yaml")
    assert scale.id == "ips-25"
    assert len(scale.items) == 25
    assert [len(scale.section_items(s.id)) for s in scale.sections] == [3, 8, 14]
    assert (scale.total_min, scale.total_max) == (25, 125)
    assert [(lv.min, lv.max) for lv in scale.levels] == [(115, 125), (100, 114), (74, 99),
                                                         (25, 73)]
    assert len(scale.principles) == 8
    assert all(item.principles for item in scale.items), "every item serves a principle"
    assert all(item.principle_note for item in scale.items), "every link has its reason"
    assert [i.number for i in scale.items] == list(range(1, 26))


def test_shipped_scales_are_all_valid_and_distinct() -> None:  # SC001
    registry = ScaleRegistry([ROOT / "scales"])
    scales = registry.all()
    assert registry.problems == []
    assert {s.id for s in scales} == {"ips-25", "ips-15"}
    ips15 = registry.get("ips-15")
    assert (len(ips15.items), ips15.total_min, ips15.total_max) == (15, 15, 75)
    assert ips15.principles == ()


def test_seven_item_zero_to_four_scale_loads() -> None:  # SC002
    scale = load_scale_text(SEVEN_ITEMS_0_TO_4, "gen-7.yaml")
    assert len(scale.items) == 7
    assert (scale.total_min, scale.total_max) == (0, 28)
    assert scale.score_range.scores == (0, 1, 2, 3, 4)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gives_located_error(name: str) -> None:  # SC003
    path = BROKEN / f"{name}.yaml"
    marker_line = next(n for n, line in enumerate(path.read_text().splitlines(), 1)
                       if "<- error here" in line)
    with pytest.raises(ScaleError) as info:
        load_scale(path)
    matching = [p for p in info.value.problems if EXPECTED[name] in p]
    assert matching, info.value.problems
    assert matching[0].startswith(f"{name}.yaml line {marker_line}"), matching[0]
    assert "Please" in matching[0] or "Did you mean" in matching[0]
    assert "\n" not in matching[0]


def test_every_broken_fixture_has_an_expectation() -> None:  # SC003
    assert {p.stem for p in BROKEN.glob("*.yaml")} == set(EXPECTED)
    assert len(EXPECTED) >= 12


def test_missing_file_and_empty_file(tmp_path: Path) -> None:  # SC003
    with pytest.raises(ScaleError, match="file not found"):
        load_scale(tmp_path / "nope.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(ScaleError, match="must be a mapping"):
        load_scale(empty)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"id: x\n\xff\xfe")
    with pytest.raises(ScaleError, match="not UTF-8"):
        load_scale(binary)


def test_python_tags_are_refused() -> None:  # SC004
    with pytest.raises(ScaleError, match="line 1"):
        load_scale_text("!!python/object/apply:os.system ['echo hi']\n", "evil.yaml")


def test_hash_ignores_comments_and_layout() -> None:
    text = (ROOT / "scales" / "ips-25.yaml").read_text()
    a = load_scale_text(text)
    b = load_scale_text("# a new comment\n" + text.replace("score_range: {min: 1, max: 5}",
                                                           "score_range:\n  min: 1\n  max: 5"))
    assert scale_hash(a) == scale_hash(b)
    c = load_scale_text(text.replace("41 or more clients", "41+ clients"))
    assert scale_hash(a) != scale_hash(c)


def test_committed_schema_matches_model() -> None:  # SC005
    committed = (ROOT / "scales" / "scale.schema.json").read_text()
    assert committed == schema_json(), "run `fidelity scale schema > scales/scale.schema.json`"


def test_trusted_copy_loads_the_same_and_still_explains_errors() -> None:
    from fidelity.scale.loader import load_trusted_scale_text

    text = (ROOT / "scales" / "ips-25.yaml").read_text()
    assert load_trusted_scale_text(text, "copy") == load_scale_text(text, "copy")
    with pytest.raises(ScaleError, match=r"copy line \d+, item 'caseload_size'"):
        load_trusted_scale_text(text.replace("      5: 20 clients or fewer", "      6: x", 1),
                                "copy")


def test_registry_reports_broken_user_scales(tmp_path: Path) -> None:  # SC003
    """A user's scale directory: a duplicate key or a gap is reported with its line; the
    good scales stay available."""
    user = tmp_path / "user"
    user.mkdir()
    for name in ("duplicate_key", "level_gap"):
        (user / f"{name}.yaml").write_text((BROKEN / f"{name}.yaml").read_text()
                                           .replace("id: mini", f"id: mini-{name}", 1))
    registry = ScaleRegistry([ROOT / "scales", user])
    assert {s.id for s in registry.all()} == {"ips-25", "ips-15"}
    joined = "\n".join(registry.problems)
    assert "duplicate_key.yaml line 37: key 'items.2.name' appears twice" in joined
    assert "level_gap.yaml line 11" in joined
