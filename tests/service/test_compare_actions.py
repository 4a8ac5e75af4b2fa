"""Action plans over time and comparing a site's reviews.

Requirements:
- CA001: a site with four reviews over three years: the exact table of changes by section,
  the first-to-last change, level changes, largest improvements and declines.
- CA002: open action items of earlier reviews are linked (not copied) to a new review of the
  site; each shows the change in its item's score since it was made.
- CA003: overdue on a fixed clock; listing by status, owner and site, sorted by due date.
- CA004: an edition change with one renamed item: matched by id, the unmatched items listed.
- CA005: reviews under different scales are refused; self-assessments can be filtered.
- CA006: suggestions: items and principles furthest below the top score, weakest first.
- CA007: sites side by side at their latest finalized review on or before a date.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fidelity.errors import InvalidInputError
from fidelity.scale import ScaleRegistry
from fidelity.service import FidelityService, open_service
from tests.conftest import ROOT

# Staffing (3 items), Organization (8), Services (14): one score per section per review.
HISTORY = [
    (date(2023, 11, 1), "external", (2, 3, 3)),
    (date(2024, 5, 1), "self-assessment", (3, 3, 4)),
    (date(2025, 5, 1), "follow-up", (4, 4, 4)),
    (date(2026, 11, 1), "follow-up", (5, 4, 3)),
]


def _scores(service: FidelityService, review_id: int, per_section: tuple[int, int, int]) -> None:
    scale = service.scale_for_review(review_id)
    for section, score in zip(scale.sections, per_section, strict=True):
        for item in scale.section_items(section.id):
            service.rate_item(review_id, item.id, score)


def _site_history(service: FidelityService) -> list[int]:
    service.add_site("North Team", "Trust", "North")
    ids = []
    for when, kind, per_section in HISTORY:
        review_id = service.start_review("North Team", "ips-25", when, kind, ["Ann"]).id
        _scores(service, review_id, per_section)
        service.finalize(review_id)
        ids.append(review_id)
    return ids


def test_table_of_changes(service: FidelityService) -> None:  # CA001
    _site_history(service)
    result = service.compare_site("North Team", by="section")
    assert [c.visit_date.year for c in result.columns] == [2023, 2024, 2025, 2026]
    assert [c.total for c in result.columns] == [6 + 24 + 42, 9 + 24 + 56, 100, 15 + 32 + 42]
    table = {r.label: (r.values, r.changes, r.overall) for r in result.rows}
    assert table == {
        "Staffing": ([2.0, 3.0, 4.0, 5.0], [None, 1.0, 1.0, 1.0], 3.0),
        "Organization": ([3.0, 3.0, 4.0, 4.0], [None, 0.0, 1.0, 0.0], 1.0),
        "Services": ([3.0, 4.0, 4.0, 3.0], [None, 1.0, 0.0, -1.0], 0.0),
    }
    assert result.total_changes == [None, 17, 11, -11]
    assert result.level_changes == ["2024-05-01: Not IPS (not supported employment) -> "
                                    "Fair fidelity", "2025-05-01: Fair fidelity -> Good fidelity",
                                    "2026-11-01: Good fidelity -> Fair fidelity"]
    assert [r.label for r in result.improvements] == ["Staffing", "Organization"]
    assert result.declines == []
    by_item = service.compare_site("North Team", by="item")
    assert by_item.rows[0].values == [2.0, 3.0, 4.0, 5.0]
    assert by_item.declines == []  # services items: 3 -> 4 -> 4 -> 3, no net change
    assert [r.id for r in by_item.improvements] == [
        "caseload_size", "employment_services_staff", "vocational_generalists"]
    assert all(r.overall == 3.0 for r in by_item.improvements)


def test_filter_and_range(service: FidelityService) -> None:  # CA005
    _site_history(service)
    external = service.compare_site("North Team", by="section",
                                    review_types=("external", "follow-up"))
    assert [c.review_type for c in external.columns] == ["external", "follow-up", "follow-up"]
    ranged = service.compare_site("North Team", date_from=date(2024, 1, 1),
                                  date_to=date(2025, 12, 31))
    assert [c.visit_date for c in ranged.columns] == [date(2024, 5, 1), date(2025, 5, 1)]
    with pytest.raises(InvalidInputError, match="no reviews in that range"):
        service.compare_site("North Team", date_from=date(2030, 1, 1))
    service.start_review("North Team", "ips-15", date(2026, 12, 1))
    with pytest.raises(InvalidInputError, match="different scales .*--scale"):
        service.compare_site("North Team")
    assert len(service.compare_site("North Team", scale_id="ips-25").columns) == 4


def test_carried_forward_with_score_change(service: FidelityService) -> None:  # CA002
    service.add_site("North Team")
    first = service.start_review("North Team", "ips-25", date(2025, 1, 10), raters=["Ann"]).id
    _scores(service, first, (2, 3, 3))
    service.finalize(first)
    kept = service.add_action(first, "Recruit a second ES", owner="Manager",
                              due_date=date(2025, 6, 30), item_id="caseload_size")
    closed = service.add_action(first, "Weekly supervision", item_id="vocational_unit")
    service.update_action(closed.id, status="done", note="Running since March")
    second = service.start_review("North Team", "ips-25", date(2025, 11, 10)).id
    shown = service.review_actions(second, today=date(2025, 11, 10))
    assert [(a.id, a.carried, a.review_id) for a in shown] == [(kept.id, True, first)]
    assert (shown[0].origin_score, shown[0].current_score, shown[0].score_change) == (
        2, None, None)
    service.rate_item(second, "caseload_size", 4)
    shown = service.review_actions(second, today=date(2025, 11, 10))
    assert (shown[0].origin_score, shown[0].current_score, shown[0].score_change) == (2, 4, 2)
    # linked, not copied: one row, and an update shows on both reviews
    service.update_action(kept.id, note="Second ES starts in January")
    assert len(service.list_actions()) == 2
    own = {a.id: a for a in service.review_actions(first)}
    assert set(own) == {kept.id, closed.id}
    assert own[kept.id].notes[-1].text == "Second ES starts in January"
    assert not own[kept.id].carried


def test_overdue_on_a_fixed_clock(service: FidelityService) -> None:  # CA003
    service.add_site("North Team")
    service.add_site("South Team")
    north = service.start_review("North Team", "ips-25", date(2025, 1, 10)).id
    south = service.start_review("South Team", "ips-25", date(2025, 2, 10)).id
    a = service.add_action(north, "A", owner="IPS lead", due_date=date(2025, 3, 31))
    b = service.add_action(south, "B", owner="Service manager", due_date=date(2025, 2, 28))
    c = service.add_action(north, "C", owner="IPS lead")
    d = service.add_action(south, "D", owner="IPS lead", due_date=date(2025, 3, 1))
    service.update_action(d.id, status="done")
    on = date(2025, 3, 15)
    overdue = service.list_actions(status="overdue", today=on)
    assert [x.id for x in overdue] == [b.id]
    assert [x.id for x in service.list_actions(status="overdue", today=date(2025, 4, 1))] == [
        b.id, a.id]
    everything = service.list_actions(today=on)
    assert [x.id for x in everything] == [b.id, d.id, a.id, c.id]  # by due date, undated last
    assert [x.overdue for x in everything] == [True, False, False, False]
    assert [x.id for x in service.list_actions(owner="ips", today=on)] == [d.id, a.id, c.id]
    assert [x.id for x in service.list_actions(site="South Team", status="open",
                                               today=on)] == [b.id]
    with pytest.raises(InvalidInputError, match="--status 'late'"):
        service.list_actions(status="late")


def test_edition_change_with_renamed_item(tmp_path: Path, database: str) -> None:  # CA004
    scales = tmp_path / "scales"
    scales.mkdir()
    text = (ROOT / "scales" / "ips-25.yaml").read_text()
    (scales / "ips-25.yaml").write_text(text)
    service = open_service(database, registry=ScaleRegistry([scales]))
    service.add_site("North Team")
    old = service.start_review("North Team", "ips-25", date(2025, 1, 1)).id
    _scores(service, old, (3, 3, 3))
    (scales / "ips-25.yaml").write_text(
        text.replace("id: caseload_size", "id: caseload_per_es")
        .replace('version: "2026.11"', 'version: "2027.1"'))
    new = service.start_review("North Team", "ips-25", date(2026, 1, 1)).id
    _scores(service, new, (4, 4, 4))
    result = service.compare_site("North Team", by="item")
    ids = [r.id for r in result.rows]
    assert ids[0] == "caseload_per_es" and "caseload_size" in ids and len(ids) == 26
    renamed = {r.id: r for r in result.rows}
    assert renamed["caseload_per_es"].values == [None, 4.0]
    assert renamed["caseload_per_es"].missing_in == [old]
    assert renamed["caseload_size"].values == [3.0, None]
    assert renamed["caseload_size"].missing_in == [new]
    assert renamed["disclosure"].overall == 1.0
    assert len(result.unmatched) == 2 and all("edition" in u for u in result.unmatched)
    assert [c.scale_version for c in result.columns] == ["2026.11", "2027.1"]
    sections = service.compare_site("North Team", by="section")
    assert sections.rows[0].values == [3.0, 4.0]  # sections still match


def test_suggestions(service: FidelityService) -> None:  # CA006
    service.add_site("North Team")
    review = service.start_review("North Team", "ips-25", date(2025, 1, 1)).id
    _scores(service, review, (5, 5, 5))
    service.rate_item(review, "work_incentives_planning", 1)
    service.rate_item(review, "disclosure", 3)
    found = service.suggest_actions(review)
    assert [(s.kind, s.id, s.gap) for s in found[:3]] == [
        ("principle", "P8", 4.0), ("item", "work_incentives_planning", 4.0),
        ("item", "disclosure", 2.0)]


def test_sites_side_by_side(service: FidelityService) -> None:  # CA007
    _site_history(service)
    service.add_site("South Team")
    south = service.start_review("South Team", "ips-25", date(2025, 3, 1)).id
    _scores(service, south, (1, 2, 3))
    service.finalize(south)
    service.start_review("South Team", "ips-25", date(2025, 4, 1))  # a draft: skipped
    result = service.compare_sites(["North Team", "South Team"], as_of=date(2025, 6, 30))
    assert [(c.site, c.visit_date) for c in result.columns] == [
        ("North Team", date(2025, 5, 1)), ("South Team", date(2025, 3, 1))]
    assert result.rows[0].values == [4.0, 1.0]
    assert not result.over_time and result.rows[0].overall is None
    with pytest.raises(InvalidInputError, match="no finalized review on or before"):
        service.compare_sites(["North Team", "South Team"], as_of=date(2024, 1, 1))
