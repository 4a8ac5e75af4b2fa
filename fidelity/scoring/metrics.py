"""Suggesting an item score from a measured figure through the item's metric bands."""

from __future__ import annotations

import math

from fidelity.errors import InvalidInputError
from fidelity.scale.model import Item


def suggest_score(item: Item, value: float) -> int:
    """The score the item's metric bands give ``value``.

    The figure is first rounded half-up to the metric's ``decimals`` so that inclusive
    bands written as on the score sheet (``21-25``, ``<=20``) leave no gaps.
    """
    if item.metric is None:
        raise InvalidInputError(f"item '{item.id}' has no metric; score it from its anchors.")
    if not math.isfinite(value):
        raise InvalidInputError(f"metric value for item '{item.id}' must be a finite number.")
    metric = item.metric
    if (metric.lowest is not None and value < metric.lowest) or (
            metric.highest is not None and value > metric.highest):
        low = "" if metric.lowest is None else f"{metric.lowest:g}"
        high = "" if metric.highest is None else f"{metric.highest:g}"
        raise InvalidInputError(
            f"{value:g} is not a possible figure for item '{item.id}' ({metric.name}): it "
            f"must lie in {low}..{high} {metric.unit}. Please check the figure.")
    rounded = metric.rounded(value)
    for band in metric.bands:
        if band.contains(rounded):
            return band.score
    raise InvalidInputError(
        f"{value:g} {metric.unit} is outside every band of item '{item.id}' "
        f"({metric.name}). Please check the figure."
    )
