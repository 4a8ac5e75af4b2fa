"""Scale definitions: YAML files loaded in stages into immutable, validated objects."""

from __future__ import annotations

from fidelity.scale.loader import load_scale, load_scale_text
from fidelity.scale.model import Item, Level, MetricBand, ScaleDefinition
from fidelity.scale.registry import ScaleRegistry

__all__ = [
    "Item",
    "Level",
    "MetricBand",
    "ScaleDefinition",
    "ScaleRegistry",
    "load_scale",
    "load_scale_text",
]
