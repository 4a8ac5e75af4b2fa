"""The service layer on a temporary SQLite file.

Requirements:
- SV001: a review is started on a site with a stored copy of its scale; raters are listed.
- SV002: ratings, evidence, figures, elements and data sources are saved one call at a time.
- SV003: bad input is refused with a typed error and leaves nothing written.
- SV004: a finalized review is locked; reopening needs a reason, which is logged.
- SV005: every change writes an audit row (what, old, new, who, when, reason).
- SV006: an old review stays readable after the scale file changes.
- SV007: consensus: agreed items accepted in one step; disagreements reconciled by hand.
- SV008: action items with accumulating notes, allowed on finalized reviews.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fidelity.errors import (
    InvalidInputError,
    NotFoundError,
    ReviewLockedError,
    StateError,
    UnknownScaleError,
)
from fidelity.scale import ScaleRegistry
from fidelity.service import FidelityService, open_service
from tests.conftest import ROOT


def _review(service: FidelityService, raters: tuple[str, ...] = ("Ann", "Bo")) -> int:
    service.add_site("North Team", "Trust A", "North")
    return service.start_review("North Team", "ips-25", date(2026, 3, 2), "external",
                                raters).id


def _score_all(service: FidelityService, review_id: int, score: int,
               rater: str | None = None) -> None:
    for item in service.scale_for_review(review_id).items:
        service.rate_item(review_id, item.id, score, rater)


def test_start_review(service: FidelityService) -> None:  # SV001
    review_id = _review(service)
    view = service.get_review(review_id)
    assert (view.site, view.scale_id, view.status, view.raters) == (
        "North Team", "ips-25", "draft", ["Ann", "Bo"])
    assert (view.total, view.scored, view.items, view.provisional) == (0, 0, 25, True)
    assert service.list_sites()[0].reviews == 1


def test_start_review_refusals(service: FidelityService) -> None:  # SV003
    service.add_site("North Team")
    with pytest.raises(NotFoundError, match="unknown site 'South'"):
        service.start_review("South", "ips-25", date(2026, 1, 1))
    with pytest.raises(UnknownScaleError, match="unknown scale 'ips-99'"):
        service.start_review("North Team", "ips-99", date(2026, 1, 1))
    with pytest.raises(InvalidInputError, match="review type"):
        service.start_review("North Team", "ips-25", date(2026, 1, 1), "casual")
    with pytest.raises(InvalidInputError, match="twice"):
        service.start_review("North Team", "ips-25", date(2026, 1, 1), raters=["A", "a"])
    with pytest.raises(InvalidInputError, match="already exists"):
        service.add_site("North Team")
    assert service.list_reviews() == []


def test_rating_fields_are_saved(service: FidelityService, database: str) -> None:  # SV002
    review_id = _review(service)
    service.rate_item(review_id, "caseload_size", 4, "Ann")
    service.set_metric(review_id, "caseload_size", 22.0, "Ann")
    service.set_evidence(review_id, "1", "Caseload list seen: 22 per ES.", "Ann")
    service.set_data_sources(review_id, "caseload_size", ["MIS", "INT"], "Ann")
    service.set_elements(review_id, "integration_team_contact", [0, 2, 4], "Ann")
    # a second process opening the same file sees everything: nothing waits for a save
    other = open_service(database, registry=ScaleRegistry([ROOT / "scales"]))
    detail = other.review_detail(review_id)
    ann = {r.item_id: r for r in detail.by_rater["Ann"]}
    assert ann["caseload_size"].score == 4
    assert ann["caseload_size"].metric_value == 22.0
    assert ann["caseload_size"].suggested_score == 4
    assert ann["caseload_size"].evidence == "Caseload list seen: 22 per ES."
    assert ann["caseload_size"].data_sources == ["MIS", "INT"]
    assert ann["integration_team_contact"].elements == [0, 2, 4]
    assert ann["integration_team_contact"].suggested_score == 3
    assert detail.consensus[0].score is None, "a rater's score is not the consensus"
    assert detail.by_rater["Bo"][0].score is None
    other.store.dispose()


def test_rating_refusals_write_nothing(service: FidelityService) -> None:  # SV003
    review_id = _review(service)
    before = len(service.audit_log(review_id))
    with pytest.raises(InvalidInputError, match=r"score 6 .* outside the scale's range 1\.\.5"):
        service.rate_item(review_id, "caseload_size", 6, "Ann")
    with pytest.raises(InvalidInputError, match="range 1..5"):
        service.rate_item(review_id, "caseload_size", 0, "Ann")
    with pytest.raises(InvalidInputError, match="unknown item 'caseload'"):
        service.rate_item(review_id, "caseload", 3, "Ann")
    with pytest.raises(NotFoundError, match="rater 'Zed' is not on review"):
        service.rate_item(review_id, "caseload_size", 3, "Zed")
    with pytest.raises(NotFoundError, match="unknown review 99"):
        service.rate_item(99, "caseload_size", 3, "Ann")
    with pytest.raises(InvalidInputError, match="has no metric"):
        service.set_metric(review_id, "disclosure", 3.0, "Ann")
    with pytest.raises(InvalidInputError, match="not a possible figure"):
        service.set_metric(review_id, "competitive_jobs", 140.0, "Ann")
    with pytest.raises(InvalidInputError, match="unknown data source"):
        service.set_data_sources(review_id, "disclosure", ["XYZ"], "Ann")
    # one call with a good score and a bad figure writes neither
    with pytest.raises(InvalidInputError):
        service.update_rating(review_id, "competitive_jobs", "Ann", score=4, metric_value=-1.0)
    assert service.review_detail(review_id).by_rater["Ann"][20].score is None
    assert len(service.audit_log(review_id)) == before


def test_finalized_review_is_locked(service: FidelityService) -> None:  # SV004
    review_id = _review(service, raters=("Ann",))
    with pytest.raises(StateError, match="25 item"):
        service.finalize(review_id)
    _score_all(service, review_id, 4)
    final = service.finalize(review_id)
    assert (final.status, final.total, final.level) == ("final", 100, "Good fidelity")
    for attempt in (lambda: service.rate_item(review_id, "caseload_size", 5),
                    lambda: service.rate_item(review_id, "caseload_size", 5, "Ann"),
                    lambda: service.set_evidence(review_id, "disclosure", "late note"),
                    lambda: service.add_rater(review_id, "Late"),
                    lambda: service.accept_agreed(review_id),
                    lambda: service.finalize(review_id)):
        with pytest.raises(ReviewLockedError, match="reopen it with a reason"):
            attempt()
    assert service.review_detail(review_id).summary.total == 100
    with pytest.raises(InvalidInputError, match="needs a reason"):
        service.reopen(review_id, "  ")
    reopened = service.reopen(review_id, "Item 12 scored from the wrong month")
    assert reopened.status == "consensus"
    service.rate_item(review_id, "work_incentives_planning", 5)
    assert service.get_review(review_id).total == 101
    entry = [e for e in service.audit_log(review_id) if e.reason][-1]
    assert (entry.field, entry.old_value, entry.new_value, entry.reason) == (
        "status", "final", "consensus", "Item 12 scored from the wrong month")
    with pytest.raises(StateError, match="not finalized"):
        service.reopen(review_id, "again")


def test_finalize_with_unscored_items(service: FidelityService) -> None:  # SV004
    review_id = _review(service, raters=("Ann",))
    for item in service.scale_for_review(review_id).items[:24]:
        service.rate_item(review_id, item.id, 3)
    view = service.finalize(review_id, allow_unscored=True)
    assert (view.total, view.scored, view.provisional) == (72, 24, True)


def test_every_change_is_audited(service: FidelityService) -> None:  # SV005
    review_id = _review(service)
    start = len(service.audit_log(review_id))
    service.rate_item(review_id, "disclosure", 3, "Ann")
    service.rate_item(review_id, "disclosure", 4, "Ann")
    service.rate_item(review_id, "disclosure", 4, "Ann")  # no change, no row
    service.set_evidence(review_id, "disclosure", "Seen in 3 charts", "Ann")
    service.rate_item(review_id, "disclosure", None, "Ann")
    rows = service.audit_log(review_id)[start:]
    assert [(r.entity_id, r.field, r.old_value, r.new_value) for r in rows] == [
        ("Ann/disclosure", "score", None, "3"),
        ("Ann/disclosure", "score", "3", "4"),
        ("Ann/disclosure", "evidence", "", "Seen in 3 charts"),
        ("Ann/disclosure", "score", "4", None),
    ]
    assert all(r.actor == "tester" and r.at is not None for r in rows)


def test_old_review_survives_scale_change(tmp_path: Path, database: str) -> None:  # SV006
    scales = tmp_path / "scales"
    scales.mkdir()
    original = (ROOT / "scales" / "ips-25.yaml").read_text()
    (scales / "ips-25.yaml").write_text(original)
    service = open_service(database, registry=ScaleRegistry([scales]))
    review_id = _review(service, raters=("Ann",))
    service.rate_item(review_id, "caseload_size", 5)
    # the file is edited (a renamed item, new version) after the review
    (scales / "ips-25.yaml").write_text(original.replace("id: caseload_size", "id: caseload")
                                        .replace('version: "2026.11"', 'version: "2027.1"'))
    fresh = open_service(database, registry=ScaleRegistry([scales]))
    detail = fresh.review_detail(review_id)
    assert detail.review.scale_version == "2026.11"
    assert detail.consensus[0].item_id == "caseload_size"
    assert detail.consensus[0].score == 5
    new_review = fresh.start_review("North Team", "ips-25", date(2027, 3, 1)).id
    assert fresh.scale_for_review(new_review).items[0].id == "caseload"


def test_consensus_workflow(service: FidelityService) -> None:  # SV007
    review_id = _review(service)
    scale = service.scale_for_review(review_id)
    for index, item in enumerate(scale.items):
        service.rate_item(review_id, item.id, 4, "Ann")
        service.rate_item(review_id, item.id, 4 if index % 5 else 2, "Bo")
    detail = service.review_detail(review_id)
    assert detail.agreement is not None
    assert detail.agreement.exact_percent == pytest.approx(80.0)
    assert len(detail.agreement.large) == 5
    accepted = service.accept_agreed(review_id)
    assert len(accepted) == 20
    assert service.get_review(review_id).status == "consensus"
    for item in scale.items[::5]:
        service.reconcile(review_id, item.id, 3, "Agreed after reading the records")
    detail = service.review_detail(review_id)
    assert detail.summary.total == 20 * 4 + 5 * 3
    assert detail.consensus[0].evidence == "Agreed after reading the records"
    assert service.accept_agreed(review_id) == []  # consensus already set: untouched


def test_action_items(service: FidelityService) -> None:  # SV008
    review_id = _review(service, raters=("Ann",))
    _score_all(service, review_id, 3)
    service.finalize(review_id)
    action = service.add_action(review_id, "Recruit a second ES", owner="Manager",
                                due_date=date(2026, 6, 1), item_id="1")
    assert action.item_id == "caseload_size"
    service.update_action(action.id, status="in progress", note="Advert out")
    updated = service.update_action(action.id, note="Interviews booked")
    assert [n.text for n in updated.notes] == ["Advert out", "Interviews booked"]
    assert updated.status == "in progress"
    assert updated.due_date == date(2026, 6, 1)
    listed = service.review_actions(review_id, today=date(2026, 7, 1))
    assert listed[0].overdue
    assert not service.review_actions(review_id, today=date(2026, 5, 1))[0].overdue
    with pytest.raises(InvalidInputError, match="status 'finished'"):
        service.update_action(action.id, status="finished")
    with pytest.raises(InvalidInputError, match="unknown principle"):
        service.add_action(review_id, "x", principle_id="P9")
    with pytest.raises(NotFoundError):
        service.update_action(999, note="x")


def test_previous_review(service: FidelityService) -> None:  # SV001
    first = _review(service, raters=("Ann",))
    service.rate_item(first, "caseload_size", 2)
    service.set_evidence(first, "caseload_size", "34 per ES")
    second = service.start_review("North Team", "ips-25", date(2026, 9, 1)).id
    service.start_review("North Team", "ips-15", date(2026, 5, 1))  # other scale: skipped
    assert service.previous_review(first) is None
    previous = service.previous_review(second)
    assert previous is not None and previous.review.id == first
    assert (previous.consensus[0].score, previous.consensus[0].evidence) == (2, "34 per ES")


def test_note_typing_is_one_audit_entry(service: FidelityService) -> None:  # SV005
    review_id = _review(service, raters=("Ann",))
    start = len(service.audit_log(review_id))
    for end in range(1, 12):
        service.set_evidence(review_id, "disclosure", "Seen in files"[:end], "Ann")
    rows = service.audit_log(review_id)[start:]
    assert [(r.field, r.old_value, r.new_value) for r in rows] == [
        ("evidence", "", "Seen in fil")]
    service.rate_item(review_id, "disclosure", 3, "Ann")
    service.set_evidence(review_id, "disclosure", "Seen in files.", "Ann")
    assert len(service.audit_log(review_id)) == start + 3
