"""Semantic checks on a scale that pydantic's per-field validation cannot express.

Each check returns ``Problem`` records that carry the YAML path they concern, so the loader
can turn them into ``file line N`` messages. All problems are collected, not just the first,
so an author can fix a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fidelity.scale.model import Item, Metric, ScaleDefinition
from fidelity.scale.positions import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scale file, at a YAML path, with how to fix it."""

    path: Path
    where: str
    what: str
    fix: str


def check_scale(scale: ScaleDefinition) -> list[Problem]:
    """Every semantic problem of ``scale``; an empty list means the scale is usable."""
    problems: list[Problem] = _check_range(scale)
    if problems:
        # Anchors, bands and levels are all judged against the range; with no valid
        # range every further message would be noise.
        return problems
    problems += _check_unique(scale)
    problems += _check_levels(scale)
    for index, item in enumerate(scale.items):
        problems += _check_item(scale, index, item)
    return problems


def _check_range(scale: ScaleDefinition) -> list[Problem]:
    if scale.score_range.min >= scale.score_range.max:
        return [Problem(("score_range",), "score_range",
                        f"min {scale.score_range.min} is not below max {scale.score_range.max}",
                        "Please make `min` smaller than `max` (e.g. min: 1, max: 5).")]
    return []


def _duplicates(ids: list[str]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    found = []
    for index, value in enumerate(ids):
        if value in seen:
            found.append((index, value))
        seen.add(value)
    return found


def _check_unique(scale: ScaleDefinition) -> list[Problem]:
    problems = []
    for key, ids in (
        ("items", [i.id for i in scale.items]),
        ("sections", [s.id for s in scale.sections]),
        ("principles", [p.id for p in scale.principles]),
        ("levels", [lv.id for lv in scale.levels]),
    ):
        for index, value in _duplicates(ids):
            problems.append(Problem((key, index, "id"), f"{key}[{index}] id '{value}'",
                                    f"id '{value}' is used twice",
                                    "Please give each entry its own id."))
    for index, number in _duplicates([str(i.number) for i in scale.items]):
        problems.append(Problem(("items", index, "number"), f"item number {number}",
                                f"item number {number} is used twice",
                                "Please number the items uniquely."))
    return problems


def _check_levels(scale: ScaleDefinition) -> list[Problem]:
    low, high = scale.total_min, scale.total_max
    if not scale.levels:
        return [Problem(("levels",), "levels", "no level bands are defined",
                        f"Please add bands covering totals {low}..{high}.")]
    problems = []
    ordered = sorted(enumerate(scale.levels), key=lambda pair: pair[1].min)
    for index, level in ordered:
        if level.min > level.max:
            problems.append(Problem(("levels", index), f"level '{level.id}'",
                                    f"min {level.min} is above max {level.max}",
                                    "Please swap or correct the band's ends."))
    expected = low
    for index, level in ordered:
        if level.min > expected:
            problems.append(Problem(("levels", index, "min"), f"level '{level.id}'",
                                    f"totals {expected}..{level.min - 1} fall in no level band",
                                    f"Please start this band at {expected} or add a band "
                                    "for the gap."))
        elif level.min < expected:
            what = (f"band starts at {level.min}, below the lowest possible total {low}"
                    if expected == low else
                    f"band overlaps the previous one (totals {level.min}..{expected - 1})")
            problems.append(Problem(("levels", index, "min"), f"level '{level.id}'", what,
                                    f"Please start this band at {expected}."))
        expected = max(expected, level.max + 1)
    top = max(range(len(scale.levels)), key=lambda i: scale.levels[i].max)
    if expected <= high:
        problems.append(Problem(("levels", top, "max"), f"level '{scale.levels[top].id}'",
                                f"totals {expected}..{high} fall in no level band",
                                f"Please extend the top band to {high} (the scale's maximum "
                                f"total: {len(scale.items)} items x {scale.score_range.max})."))
    elif expected - 1 > high:
        problems.append(Problem(("levels", top, "max"), f"level '{scale.levels[top].id}'",
                                f"a band reaches {expected - 1}, above the maximum total {high}",
                                f"Please end the top band at {high}."))
    return problems


def _check_item(scale: ScaleDefinition, index: int, item: Item) -> list[Problem]:
    where = f"item '{item.id}'"
    base: Path = ("items", index)
    problems = []
    scores = scale.score_range.scores
    missing = [s for s in scores if s not in item.anchors]
    if missing:
        problems.append(Problem((*base, "anchors"), where,
                                f"no anchor for score {', '.join(map(str, missing))}",
                                f"Please write an anchor for every score "
                                f"{scores[0]}..{scores[-1]}."))
    extra = [s for s in item.anchors if s not in scores]
    if extra:
        problems.append(Problem((*base, "anchors"), where,
                                f"anchor for score {', '.join(map(str, extra))} is outside the "
                                f"range {scores[0]}..{scores[-1]}",
                                "Please remove it or widen `score_range`."))
    for anchor_score, text in item.anchors.items():
        if not str(text).strip():
            problems.append(Problem((*base, "anchors", anchor_score), where,
                                    f"anchor {anchor_score} is empty",
                                    "Please describe what earns this score."))
    section_ids = {s.id for s in scale.sections}
    if item.section not in section_ids:
        problems.append(Problem((*base, "section"), where,
                                f"section '{item.section}' is not defined",
                                f"Please use one of: {', '.join(sorted(section_ids))}."))
    principle_ids = {p.id for p in scale.principles}
    for p_index, principle in enumerate(item.principles):
        if principle not in principle_ids:
            known = ", ".join(sorted(principle_ids)) or "(none defined)"
            problems.append(Problem((*base, "principles", p_index), where,
                                    f"principle '{principle}' is not defined",
                                    f"Please use one of: {known}, or add it under `principles`."))
    if scale.data_sources:
        for d_index, code in enumerate(item.data_sources):
            if code not in scale.data_sources:
                problems.append(Problem((*base, "data_sources", d_index), where,
                                        f"data source '{code}' is not defined",
                                        "Please use one of: "
                                        f"{', '.join(sorted(scale.data_sources))}."))
    if item.metric is not None:
        problems += _check_metric(scale, base, where, item, item.metric)
    return problems


def _check_metric(scale: ScaleDefinition, base: Path, where: str, item: Item,
                  metric: Metric) -> list[Problem]:
    problems = []
    path: Path = (*base, "metric", "bands")
    scores = scale.score_range.scores
    if metric.source == "elements" and not item.elements:
        problems.append(Problem((*base, "metric", "source"), where,
                                "metric counts elements but the item lists none",
                                "Please add `elements:` or use `source: value`."))
    for b_index, band in enumerate(metric.bands):
        if band.score not in scores:
            problems.append(Problem((*path, b_index, "score"), where,
                                    f"metric band score {band.score} is outside "
                                    f"{scores[0]}..{scores[-1]}",
                                    "Please use a score of the scale's range."))
        if band.min is not None and band.max is not None and band.min > band.max:
            problems.append(Problem((*path, b_index), where,
                                    f"metric band for score {band.score} has min {band.min} "
                                    f"above max {band.max}", "Please swap the ends."))
    step = Decimal(1).scaleb(-metric.decimals)
    ordered = sorted(enumerate(metric.bands),
                     key=lambda pair: -float("inf") if pair[1].min is None else pair[1].min)
    for (_, prev), (b_index, band) in zip(ordered, ordered[1:], strict=False):
        if prev.max is None or band.min is None:
            problems.append(Problem((*path, b_index), where,
                                    f"metric bands for scores {prev.score} and {band.score} "
                                    "overlap (an open end meets another band)",
                                    "Please give each band its own range."))
            continue
        prev_max, band_min = Decimal(str(prev.max)), Decimal(str(band.min))
        if band_min <= prev_max:
            problems.append(Problem((*path, b_index), where,
                                    f"metric bands for scores {prev.score} and {band.score} "
                                    f"overlap at {band.min}",
                                    "Please make the ranges meet without sharing a value."))
        elif band_min - prev_max > step:
            problems.append(Problem((*path, b_index), where,
                                    f"values between {prev.max} and {band.min} fall in no "
                                    f"metric band (figures are rounded to {metric.decimals} "
                                    "decimals)",
                                    f"Please start this band at {prev_max + step}."))
    if metric.source == "elements" and item.elements and metric.bands:
        for count in range(len(item.elements) + 1):
            if not any(b.contains(Decimal(count)) for b in metric.bands):
                problems.append(Problem(path, where,
                                        f"{count} element(s) present earns no score",
                                        f"Please cover every count 0..{len(item.elements)}."))
                break
    return problems
