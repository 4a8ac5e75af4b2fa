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
    rounded = item.metric.rounded(value)
    for band in item.metric.bands:
        if band.contains(rounded):
            return band.score
    raise InvalidInputError(
        f"{value} {item.metric.unit} is outside every band of item '{item.id}' "
        f"({item.metric.name}). Please check the figure."
    )
