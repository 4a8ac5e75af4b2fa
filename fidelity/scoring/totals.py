"""Total, fidelity level, section and principle sub-scores of one set of item scores.

The rule for an incomplete review: blanks are never counted as numbers. The total is the
sum of the scored items; ``possible_min``/``possible_max`` say where the total could still
end; the level is *provisional* while any item is unscored and is taken from the total
prorated to all items (mean item score x item count), unless every possible final total lies
in the same band, in which case the level is already certain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fidelity.scale.model import Item, ScaleDefinition

Scores = Mapping[str, int | None]


@dataclass(frozen=True)
class GroupScore:
    """Sub-score of a group of items (a section or a principle)."""

    id: str
    name: str
    items: int
    scored: int
    total: int
    max_total: int
    mean: float | None
    percent_of_max: float | None
    """Sum of scored items divided by their maximum possible sum, x100."""


@dataclass(frozen=True)
class ScoreSummary:
    """Everything scoring says about one set of item scores."""

    total: int
    items: int
    scored: int
    unscored: int
    unscored_items: tuple[str, ...]
    total_min: int
    total_max: int
    possible_min: int
    possible_max: int
    prorated_total: float | None
    level_id: str | None
    level_name: str | None
    provisional: bool
    sections: tuple[GroupScore, ...]
    principles: tuple[GroupScore, ...]

    @property
    def complete(self) -> bool:
        return self.unscored == 0


def summarize(scale: ScaleDefinition, scores: Scores) -> ScoreSummary:
    """Score ``scores`` (item id -> score or None) against ``scale``.

    Scores for item ids the scale does not know are ignored; callers validate earlier.
    """
    values = {item.id: scores.get(item.id) for item in scale.items}
    scored = {k: v for k, v in values.items() if v is not None}
    unscored = tuple(item.id for item in scale.items if values[item.id] is None)
    total = sum(scored.values())
    low, high = scale.score_range.min, scale.score_range.max
    possible_min = total + low * len(unscored)
    possible_max = total + high * len(unscored)
    prorated = total / len(scored) * len(scale.items) if scored else None

    if not unscored:
        level = scale.level_for(total)
        provisional = False
    else:
        low_level, high_level = scale.level_for(possible_min), scale.level_for(possible_max)
        if low_level is not None and low_level == high_level:
            level, provisional = low_level, False
        else:
            level = scale.level_for(prorated) if prorated is not None else None
            provisional = True

    sections = tuple(
        _group(s.id, s.name, scale.section_items(s.id), values, high) for s in scale.sections
    )
    principles = tuple(
        _group(p.id, p.name, scale.principle_items(p.id), values, high) for p in scale.principles
    )
    return ScoreSummary(
        total=total, items=len(scale.items), scored=len(scored), unscored=len(unscored),
        unscored_items=unscored, total_min=scale.total_min, total_max=scale.total_max,
        possible_min=possible_min, possible_max=possible_max, prorated_total=prorated,
        level_id=level.id if level else None, level_name=level.name if level else None,
        provisional=provisional, sections=sections, principles=principles,
    )


def _group(group_id: str, name: str, items: Iterable[Item], values: Scores,
           high: int) -> GroupScore:
    members = list(items)
    got = [v for v in (values.get(i.id) for i in members) if v is not None]
    total = sum(got)
    return GroupScore(
        id=group_id, name=name, items=len(members), scored=len(got), total=total,
        max_total=high * len(members),
        mean=total / len(got) if got else None,
        percent_of_max=100.0 * total / (high * len(got)) if got and high > 0 else None,
    )
