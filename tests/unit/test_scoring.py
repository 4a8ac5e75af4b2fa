"""Totals, levels, sub-scores and rater agreement (pure functions, no I/O).

Requirements:
- SS001: the total and level of a complete review; each level boundary exactly.
- SS002: an incomplete review reports its unscored items and a provisional level, and never
  counts a blank as a score.
- SS003: when every possible final total lies in one band, the level is certain already.
- SS004: section and principle sub-scores: mean item score and % of the maximum.
- SS005: agreement: exact %, within-one %, items differing by 2 or more (widest first).
- SS006: scoring works the same for a 0-4, 7-item scale.
"""

from __future__ import annotations

import pytest

from fidelity.scale import ScaleDefinition, load_scale_text
from fidelity.scoring import agreement, summarize
from tests.unit.test_scale_loading import SEVEN_ITEMS_0_TO_4


def _all(scale: ScaleDefinition, total: int) -> dict[str, int | None]:
    """Scores summing to ``total``, spread as evenly as the range allows."""
    n = len(scale.items)
    base, extra = divmod(total, n)
    return {item.id: base + (1 if i < extra else 0) for i, item in enumerate(scale.items)}


@pytest.mark.parametrize(("total", "level"), [
    (25, "not_ips"), (73, "not_ips"), (74, "fair"), (99, "fair"), (100, "good"),
    (114, "good"), (115, "exemplary"), (125, "exemplary")])
def test_levels_at_boundaries(ips25: ScaleDefinition, total: int, level: str) -> None:  # SS001
    summary = summarize(ips25, _all(ips25, total))
    assert summary.total == total
    assert summary.level_id == level
    assert not summary.provisional
    assert summary.complete


def test_incomplete_review_is_provisional(ips25: ScaleDefinition) -> None:  # SS002
    scores: dict[str, int | None] = {item.id: 4 for item in ips25.items[:20]}
    scores[ips25.items[20].id] = None
    summary = summarize(ips25, scores)
    assert summary.total == 80
    assert (summary.scored, summary.unscored) == (20, 5)
    assert summary.unscored_items == tuple(i.id for i in ips25.items[20:])
    assert (summary.possible_min, summary.possible_max) == (85, 105)
    assert summary.prorated_total == pytest.approx(100.0)
    assert summary.provisional
    assert summary.level_id == "good"  # from the prorated total, flagged provisional


def test_nothing_scored(ips25: ScaleDefinition) -> None:  # SS002
    summary = summarize(ips25, {})
    assert summary.total == 0
    assert summary.level_id is None
    assert summary.provisional
    assert all(g.mean is None for g in summary.sections)


def test_incomplete_but_certain_level(ips25: ScaleDefinition) -> None:  # SS003
    scores: dict[str, int | None] = {item.id: 5 for item in ips25.items[:24]}
    summary = summarize(ips25, scores)  # 120 + one unscored: 121..125, all exemplary
    assert summary.unscored == 1
    assert summary.level_id == "exemplary"
    assert not summary.provisional


def test_section_and_principle_subscores(ips25: ScaleDefinition) -> None:  # SS004
    scores: dict[str, int | None] = {item.id: 3 for item in ips25.items}
    scores["caseload_size"] = 5
    scores["employment_services_staff"] = 4
    scores["vocational_generalists"] = None
    summary = summarize(ips25, scores)
    staffing = summary.sections[0]
    assert (staffing.id, staffing.items, staffing.scored, staffing.total) == ("staffing", 3, 2, 9)
    assert staffing.mean == pytest.approx(4.5)
    assert staffing.percent_of_max == pytest.approx(90.0)
    p8 = next(p for p in summary.principles if p.id == "P8")
    assert (p8.items, p8.mean, p8.percent_of_max) == (1, 3.0, 60.0)
    p7 = next(p for p in summary.principles if p.id == "P7")  # items 1, 3, 22, 23
    assert (p7.items, p7.scored, p7.total) == (4, 3, 11)


def test_agreement_two_raters() -> None:  # SS005
    order = ["a", "b", "c", "d", "e"]
    result = agreement({"Ann": {"a": 3, "b": 4, "c": 1, "d": 5, "e": None},
                        "Bo": {"a": 3, "b": 5, "c": 4, "d": 3, "e": 2}}, order)
    assert result.compared == 4
    assert (result.exact, result.within_one) == (1, 2)
    assert result.exact_percent == pytest.approx(25.0)
    assert result.within_one_percent == pytest.approx(50.0)
    assert [d.item_id for d in result.large] == ["c", "d"]  # spread 3 before spread 2
    assert [d.item_id for d in result.differing] == ["c", "d", "b"]


def test_agreement_needs_two_scores() -> None:  # SS005
    result = agreement({"Ann": {"a": 3}}, ["a"])
    assert result.compared == 0
    assert result.exact_percent is None


def test_zero_to_four_scale_scores() -> None:  # SS006
    scale = load_scale_text(SEVEN_ITEMS_0_TO_4)
    summary = summarize(scale, {f"i{n}": 0 for n in range(1, 8)})
    assert (summary.total, summary.level_id) == (0, "low")
    summary = summarize(scale, {f"i{n}": 3 for n in range(1, 8)})
    assert (summary.total, summary.level_id) == (21, "high")
    assert [g.items for g in summary.sections] == [3, 4]
    assert summary.principles[0].percent_of_max == pytest.approx(75.0)
    partial = summarize(scale, {"i1": 4, "i2": 0})
    assert (partial.possible_min, partial.possible_max) == (4, 24)
    assert partial.provisional
