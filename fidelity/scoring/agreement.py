"""Agreement between raters who scored the same review independently.

For two raters these are the usual exact and within-one agreement rates. With more raters an
item counts as exact when all agree and within-one when the highest and lowest score differ
by at most one. Only items scored by at least two raters are counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Disagreement:
    item_id: str
    scores: dict[str, int]
    spread: int


@dataclass(frozen=True)
class Agreement:
    compared: int
    exact: int
    within_one: int
    exact_percent: float | None
    within_one_percent: float | None
    large: tuple[Disagreement, ...]
    """Items whose scores differ by two or more, widest spread first."""
    differing: tuple[Disagreement, ...]
    """Every item on which raters differ at all, widest spread first."""


def agreement(by_rater: Mapping[str, Mapping[str, int | None]],
              item_order: list[str]) -> Agreement:
    """Agreement over ``item_order`` among the raters in ``by_rater`` (rater -> item -> score)."""
    compared = exact = within_one = 0
    differing: list[Disagreement] = []
    for item_id in item_order:
        scores = {rater: s[item_id] for rater, s in by_rater.items()
                  if s.get(item_id) is not None}
        if len(scores) < 2:
            continue
        values = [v for v in scores.values() if v is not None]
        spread = max(values) - min(values)
        compared += 1
        exact += spread == 0
        within_one += spread <= 1
        if spread:
            differing.append(Disagreement(item_id, {k: v for k, v in scores.items()
                                                    if v is not None}, spread))
    order = {item_id: i for i, item_id in enumerate(item_order)}
    differing.sort(key=lambda d: (-d.spread, order[d.item_id]))
    return Agreement(
        compared=compared, exact=exact, within_one=within_one,
        exact_percent=100.0 * exact / compared if compared else None,
        within_one_percent=100.0 * within_one / compared if compared else None,
        large=tuple(d for d in differing if d.spread >= 2),
        differing=tuple(differing),
    )
