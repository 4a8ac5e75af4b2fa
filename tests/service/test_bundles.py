"""Review bundles between two laptops (two database files).

Requirements:
- BU001: a review exported from laptop A and imported on laptop B is the same review (same
  uid, scale copy, raters, ratings, actions, audit rows).
- BU002: a rater's ratings from another laptop are added beside the local ones.
- BU003: importing the same bundle twice changes nothing.
- BU004: a rating changed on both laptops since they last met: both versions kept, the
  conflict reported and listed; resolving takes one and is logged; re-importing does not
  bring the conflict back. A one-sided change fast-forwards.
- BU005: a review finalized here is never changed by an import.
- BU006: bad bundles (truncated, wrong checksum, unknown format version, scale hash that does
  not match, ids that collide, a score outside the range, not a bundle) are refused with a
  clear message and leave the database exactly as it was.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from fidelity.bundle.format import _canonical
from fidelity.errors import InvalidInputError, ReviewLockedError
from fidelity.scale import ScaleRegistry
from fidelity.service import FidelityService, open_service
from tests.conftest import ROOT


def _laptop(path: Path, who: str) -> FidelityService:
    return open_service(str(path), registry=ScaleRegistry([ROOT / "scales"]), actor=who)


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, for before/after comparisons."""
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in tables}


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[FidelityService, FidelityService, int, Path]:
    a = _laptop(tmp_path / "a.db", "Ann")
    b = _laptop(tmp_path / "b.db", "Bo")
    a.add_site("North Team", "Trust A", "North")
    review_id = a.start_review("North Team", "ips-25", date(2026, 11, 3), raters=["Ann", "Bo"]).id
    a.rate_item(review_id, "caseload_size", 2, "Ann")
    a.add_action(review_id, "Recruit", item_id="caseload_size", due_date=date(2027, 1, 1))
    start = tmp_path / "start.ipsbundle"
    a.export_bundle(review_id, start)
    report = b.import_bundle(start)
    assert report.review_created and report.ratings_added == 1
    return a, b, review_id, tmp_path


def test_export_import_same_review(laptops: tuple[FidelityService, FidelityService, int, Path]
                                   ) -> None:  # BU001
    a, b, review_id, _ = laptops
    on_b = b.list_reviews()[0]
    assert (on_b.site, on_b.raters, on_b.visit_date) == ("North Team", ["Ann", "Bo"],
                                                        date(2026, 11, 3))
    assert b.scale_for_review(on_b.id) == a.scale_for_review(review_id)
    assert b.review_detail(on_b.id).by_rater["Ann"][0].score == 2
    assert [x.what for x in b.review_actions(on_b.id)] == ["Recruit"]
    assert len(b.audit_log(on_b.id)) == len(a.audit_log(review_id)) + 1  # + the import


def test_two_raters_two_laptops(laptops: tuple[FidelityService, FidelityService, int, Path]
                                ) -> None:  # BU002, BU003
    a, b, review_id, tmp = laptops
    b_id = b.list_reviews()[0].id
    for number in range(1, 26):
        a.rate_item(review_id, str(number), 3, "Ann")
        b.rate_item(b_id, str(number), 4, "Bo")
    bos = tmp / "bo.ipsbundle"
    b.export_bundle(b_id, bos, rater="Bo")
    assert json.loads(bos.read_text())["payload"]["rater_filter"] == "Bo"
    report = a.import_bundle(bos)
    assert (report.ratings_added, report.ratings_updated, report.conflicts) == (25, 0, 0)
    detail = a.review_detail(review_id)
    assert [r.score for r in detail.by_rater["Ann"]] == [3] * 25
    assert [r.score for r in detail.by_rater["Bo"]] == [4] * 25
    before = dump(tmp / "a.db")
    again = a.import_bundle(bos)
    assert not again.changed
    assert dump(tmp / "a.db") == before


def test_conflict_kept_and_resolved(laptops: tuple[FidelityService, FidelityService, int, Path]
                                    ) -> None:  # BU004
    a, b, review_id, tmp = laptops
    b_id = b.list_reviews()[0].id
    a.rate_item(review_id, "caseload_size", 3, "Ann")          # Ann on laptop A
    b.rate_item(b_id, "caseload_size", 4, "Ann")               # Ann's copy edited on B
    b.set_evidence(b_id, "caseload_size", "34 per ES (Bo's count)", "Ann")
    b.rate_item(b_id, "disclosure", 5, "Ann")                  # one-sided: fast-forward
    bundle = tmp / "b.ipsbundle"
    b.export_bundle(b_id, bundle)
    report = a.import_bundle(bundle)
    assert (report.conflicts, report.ratings_added) == (1, 1)
    assert a.review_detail(review_id).by_rater["Ann"][0].score == 3  # ours untouched
    assert a.review_detail(review_id).by_rater["Ann"][12].score == 5
    listed = a.conflicts(review_id)
    assert [(c.item_id, c.ours_score, c.theirs_score) for c in listed] == [
        ("caseload_size", 3, 4)]
    assert listed[0].theirs_evidence == "34 per ES (Bo's count)"
    assert not a.import_bundle(bundle).changed  # the same conflict is not added twice
    resolved = a.resolve_conflict(listed[0].id, "theirs")
    assert resolved.resolved and resolved.ours_score == 4
    assert a.conflicts(review_id) == []
    assert any("took the imported version" in e.reason for e in a.audit_log(review_id))
    assert not a.import_bundle(bundle).changed  # B's version is now an ancestor of ours
    # and B takes A's merged result as a fast-forward
    back = tmp / "a.ipsbundle"
    a.export_bundle(review_id, back)
    merged = b.import_bundle(back)
    assert merged.conflicts == 0
    assert b.review_detail(b_id).by_rater["Ann"][0].score == 4


def test_finalized_review_is_not_changed(laptops: tuple[FidelityService, FidelityService, int,
                                                        Path]) -> None:  # BU005
    a, b, review_id, tmp = laptops
    b_id = b.list_reviews()[0].id
    for number in range(1, 26):
        a.rate_item(review_id, str(number), 3)
    a.finalize(review_id)
    b.rate_item(b_id, "disclosure", 1, "Bo")
    bundle = tmp / "b.ipsbundle"
    b.export_bundle(b_id, bundle)
    before = dump(tmp / "a.db")
    with pytest.raises(ReviewLockedError, match="finalized here"):
        a.import_bundle(bundle)
    assert dump(tmp / "a.db") == before
    # A's finalized review goes to B and finalizes it there
    final = tmp / "final.ipsbundle"
    a.export_bundle(review_id, final)
    report = b.import_bundle(final)
    assert report.status_changed == "draft -> final"
    assert b.get_review(b_id).status == "final"


def _rewrite(path: Path, change: object, fix_checksum: bool = True) -> None:
    envelope = json.loads(path.read_text())
    change(envelope)  # type: ignore[operator]
    if fix_checksum:
        import hashlib

        envelope["checksum"] = "sha256:" + hashlib.sha256(
            _canonical(envelope["payload"])).hexdigest()
    path.write_text(json.dumps(envelope))


def _set(path: str, value: object) -> object:
    def apply(envelope: dict[str, object]) -> None:
        node: object = envelope
        keys = path.split(".")
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]  # type: ignore[index]
        last = keys[-1]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value  # type: ignore[index]
    return apply


@pytest.mark.parametrize(("name", "damage", "fix", "message"), [
    ("truncated", None, False, "looks truncated"),
    ("checksum", _set("payload.ratings.0.score", 5), False, "checksum does not match"),
    ("format", _set("format_version", 2), False, "format version 2"),
    ("other-format", _set("format", "something-else"), False, "not an ips-fidelity"),
    ("scale-hash", _set("payload.scale.content", "id: x\n"), True, "scale"),
    ("score", _set("payload.ratings.0.score", 9), True, "outside 1..5"),
    ("item", _set("payload.ratings.0.item_id", "no_such_item"), True, "no_such_item"),
    ("collide", _set("payload.site.name", "South Team"), True, "ids collide"),
    ("field", _set("payload.review.status", "approved"), True, "review.status"),
])
def test_bad_bundles_change_nothing(laptops: tuple[FidelityService, FidelityService, int, Path],
                                    name: str, damage: object, fix: bool,
                                    message: str) -> None:  # BU006
    a, _, review_id, tmp = laptops
    a.rate_item(review_id, "disclosure", 4, "Ann")
    bundle = tmp / f"{name}.ipsbundle"
    a.export_bundle(review_id, bundle)
    if damage is None:
        raw = bundle.read_bytes()
        bundle.write_bytes(raw[: len(raw) // 2])
    else:
        _rewrite(bundle, damage, fix_checksum=fix)
    before = dump(tmp / "b.db")
    b = _laptop(tmp / "b.db", "Bo")
    with pytest.raises(InvalidInputError) as info:
        b.import_bundle(bundle)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert dump(tmp / "b.db") == before


def test_not_a_bundle(tmp_path: Path, service: FidelityService) -> None:  # BU006
    junk = tmp_path / "notes.txt"
    junk.write_text("meeting notes\n")
    with pytest.raises(InvalidInputError, match="not a readable bundle"):
        service.import_bundle(junk)
    with pytest.raises(InvalidInputError, match="file not found"):
        service.import_bundle(tmp_path / "missing.ipsbundle")


def dump_any(url: str) -> dict[str, list[str]]:
    """Every row of every table of any database, as text, for before/after comparisons."""
    from sqlalchemy import MetaData, create_engine, select

    from fidelity.store.engine import to_url

    engine = create_engine(to_url(url))
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        result = {name: sorted(repr(tuple(row)) for row in conn.execute(select(table)))
                  for name, table in meta.tables.items()}
    engine.dispose()
    return result


def test_central_store_merges_laptops(tmp_path: Path, database: str) -> None:  # BU001-BU003
    central = open_service(database, registry=ScaleRegistry([ROOT / "scales"]), actor="hub")
    a = _laptop(tmp_path / "a.db", "Ann")
    a.add_site("North Team")
    review_id = a.start_review("North Team", "ips-25", date(2026, 11, 3),
                               raters=["Ann", "Bo"]).id
    for number in range(1, 26):
        a.rate_item(review_id, str(number), 4, "Ann")
    a.set_evidence(review_id, "1", "=caseload list, 18 per ES", "Ann")
    bundle = tmp_path / "a.ipsbundle"
    a.export_bundle(review_id, bundle)
    first = central.import_bundle(bundle)
    assert first.review_created and first.ratings_added == 25
    hub_review = central.list_reviews()[0]
    assert central.review_detail(hub_review.id).by_rater["Ann"][0].evidence == \
        "=caseload list, 18 per ES"
    before = dump_any(database)
    assert not central.import_bundle(bundle).changed
    assert dump_any(database) == before
