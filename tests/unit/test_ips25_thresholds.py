"""Every numeric threshold of the IPS-25, tested at each edge.

The expected bands are typed here from shared/ips25-facts.md, independently of
scales/ips-25.yaml, so a wrong number in the YAML fails this test.

Requirements:
- TH001: a figure exactly on a boundary gets the score the score sheet gives it.
- TH002: figures are rounded half-up to the metric's decimals before banding.
- TH003: element-counted items suggest the score from the number of elements present.
- TH004: figures outside every band or not finite are refused.
"""

from __future__ import annotations

import math

import pytest

from fidelity.errors import InvalidInputError
from fidelity.scale import ScaleDefinition
from fidelity.scoring import suggest_score

# item id: [(value, expected score), ...] with both sides of every boundary
EDGES: dict[str, list[tuple[float, int]]] = {
    "caseload_size": [(0, 5), (20, 5), (21, 4), (25, 4), (26, 3), (30, 3), (31, 2), (40, 2),
                      (41, 1), (300, 1)],
    "employment_services_staff": [(0, 1), (59, 1), (60, 2), (74, 2), (75, 3), (89, 3),
                                  (90, 4), (95, 4), (96, 5), (100, 5)],
    "rapid_job_search": [(0, 5), (30, 5), (31, 4), (60, 4), (61, 3), (150, 3), (151, 2),
                         (270, 2), (271, 1), (1000, 1)],
    "individualized_job_search": [(0, 1), (24, 1), (25, 2), (49, 2), (50, 3), (74, 3),
                                  (75, 4), (89, 4), (90, 5), (100, 5)],
    "job_development_frequency": [(0, 1), (1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (6, 5),
                                  (12, 5)],
    "diversity_job_types": [(0, 1), (49, 1), (50, 2), (59, 2), (60, 3), (69, 3), (70, 4),
                            (84, 4), (85, 5), (100, 5)],
    "diversity_employers": [(0, 1), (49, 1), (50, 2), (59, 2), (60, 3), (69, 3), (70, 4),
                            (84, 4), (85, 5), (100, 5)],
    "competitive_jobs": [(0, 1), (64, 1), (65, 2), (74, 2), (75, 3), (84, 3), (85, 4),
                         (94, 4), (95, 5), (100, 5)],
    "community_based_services": [(0, 1), (29, 1), (30, 2), (39, 2), (40, 3), (49, 3),
                                 (50, 4), (64, 4), (65, 5), (100, 5)],
}

CASES = [(item, value, score) for item, pairs in EDGES.items() for value, score in pairs]


@pytest.mark.parametrize(("item_id", "value", "score"), CASES)
def test_threshold_edges(ips25: ScaleDefinition, item_id: str, value: float,
                         score: int) -> None:  # TH001
    assert suggest_score(ips25.item(item_id), value) == score


def test_every_value_metric_is_covered(ips25: ScaleDefinition) -> None:  # TH001
    with_values = {i.id for i in ips25.items if i.metric and i.metric.source == "value"}
    assert with_values == set(EDGES)


@pytest.mark.parametrize(("value", "score"), [(20.4, 5), (20.5, 4), (25.49, 4), (25.5, 3),
                                              (40.5, 1)])
def test_rounding_half_up(ips25: ScaleDefinition, value: float, score: int) -> None:  # TH002
    assert suggest_score(ips25.item("caseload_size"), value) == score


def test_percent_just_below_boundary(ips25: ScaleDefinition) -> None:  # TH002
    item = ips25.item("employment_services_staff")
    assert suggest_score(item, 95.4) == 4
    assert suggest_score(item, 95.5) == 5


@pytest.mark.parametrize(("item_id", "counts"), [
    ("integration_team_contact", [1, 1, 2, 3, 4, 5]),
    ("vocational_generalists", [1, 1, 2, 3, 4, 5]),
    ("agency_focus", [1, 2, 3, 4, 5]),
    ("time_unlimited_follow_along", [1, 2, 3, 4, 5]),
])
def test_element_counts(ips25: ScaleDefinition, item_id: str,
                        counts: list[int]) -> None:  # TH003
    item = ips25.item(item_id)
    assert item.metric is not None and item.metric.source == "elements"
    assert len(item.elements) == len(counts) - 1
    assert [suggest_score(item, n) for n in range(len(item.elements) + 1)] == counts


def test_refused_figures(ips25: ScaleDefinition) -> None:  # TH004
    with pytest.raises(InvalidInputError, match="not a possible figure"):
        suggest_score(ips25.item("employment_services_staff"), -5)
    with pytest.raises(InvalidInputError, match="not a possible figure"):
        suggest_score(ips25.item("competitive_jobs"), 100.5)
    with pytest.raises(InvalidInputError, match="finite"):
        suggest_score(ips25.item("caseload_size"), math.nan)
    with pytest.raises(InvalidInputError, match="has no metric"):
        suggest_score(ips25.item("disclosure"), 3)
