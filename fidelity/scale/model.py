"""The pydantic model of a scale definition file (``scales/*.yaml``).

These classes are the schema (``scales/scale.schema.json`` is generated from them) and,
once the semantic checks in ``fidelity.scale.checks`` pass, the immutable domain objects the
rest of the toolkit reads. Nothing here knows about IPS-25: item counts, the score range and
the level bands all come from the file.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScoreRange(_Frozen):
    """The integer scores an item can take, both ends included (e.g. 1..5 or 0..4)."""

    min: int = Field(description="Lowest score an item can be given.")
    max: int = Field(description="Highest score an item can be given.")

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(range(self.min, self.max + 1))


class Section(_Frozen):
    """A group of items (IPS-25: Staffing, Organization, Services)."""

    id: str = Field(description="Stable identifier used by items' `section` field.")
    name: str
    description: str = ""


class Principle(_Frozen):
    """A principle of the model that items serve (IPS has eight)."""

    id: str = Field(description="Stable identifier used by items' `principles` lists.")
    number: int | None = None
    name: str
    description: str = ""


class Level(_Frozen):
    """A fidelity level band over the total score, both ends included."""

    id: str
    name: str
    min: int = Field(description="Lowest total in this band.")
    max: int = Field(description="Highest total in this band.")


class MetricBand(_Frozen):
    """Metric values (after rounding to the metric's `decimals`) that earn `score`.

    `min` and `max` are inclusive; leave one out for an open-ended band (``≥41``).
    """

    score: int
    min: float | None = None
    max: float | None = None

    def contains(self, value: Decimal) -> bool:
        if self.min is not None and value < Decimal(str(self.min)):
            return False
        return not (self.max is not None and value > Decimal(str(self.max)))


class Metric(_Frozen):
    """A measurable figure from which the score can be suggested."""

    name: str = Field(description="What is measured, e.g. 'clients per employment specialist'.")
    unit: str = ""
    source: Literal["value", "elements"] = Field(
        default="value",
        description="`value`: the reviewer types the figure; `elements`: the figure is the "
        "number of the item's elements ticked as present.",
    )
    decimals: int = Field(
        default=0, ge=0, le=6,
        description="The figure is rounded half-up to this many decimals before the bands "
        "are applied, so inclusive integer bands leave no gaps.",
    )
    lowest: float | None = Field(
        default=None, description="Lowest possible figure (e.g. 0); lower ones are refused."
    )
    highest: float | None = Field(
        default=None, description="Highest possible figure (e.g. 100 for a percentage)."
    )
    bands: tuple[MetricBand, ...]

    def rounded(self, value: float) -> Decimal:
        step = Decimal(1).scaleb(-self.decimals)
        return Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)


class Item(_Frozen):
    """One scored item with its anchors."""

    id: str = Field(description="Stable identifier; reviews refer to items by this id.")
    number: int = Field(description="Position shown to people (1, 2, 3 ...).")
    section: str = Field(description="Id of the section this item belongs to.")
    name: str
    short_name: str = Field(default="", description="A few words for charts and narrow "
                            "screens; the name is used when empty.")
    looks_for: str = Field(description="What the item looks for, in one or two sentences.")
    data_sources: tuple[str, ...] = ()
    principles: tuple[str, ...] = ()
    principle_note: str = Field(default="", description="Why the item maps to its principles.")
    anchors: dict[int, str] = Field(description="Anchor text for every score of the range.")
    metric: Metric | None = None
    elements: tuple[str, ...] = Field(
        default=(), description="The elements counted for items scored by counting."
    )

    @property
    def label(self) -> str:
        """The short name, or the name when there is none."""
        return self.short_name or self.name


class ScaleDefinition(_Frozen):
    """A whole fidelity scale."""

    format: Literal[1] = Field(default=1, description="Version of this file format.")
    id: str = Field(description="Stable scale identifier, e.g. `ips-25`.")
    name: str
    short_name: str = ""
    edition: str = ""
    version: str = Field(description="Version of this definition file; bump it on any change.")
    language: str = "en"
    source: str = Field(default="", description="Where the facts (items, thresholds) come from.")
    score_range: ScoreRange
    data_sources: dict[str, str] = Field(
        default_factory=dict, description="Codes for evidence sources, e.g. MIS, DOC, INT."
    )
    sections: tuple[Section, ...]
    principles: tuple[Principle, ...] = ()
    levels: tuple[Level, ...]
    items: tuple[Item, ...]

    @cached_property
    def total_min(self) -> int:
        return self.score_range.min * len(self.items)

    @cached_property
    def total_max(self) -> int:
        return self.score_range.max * len(self.items)

    @cached_property
    def items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def item(self, item_id: str) -> Item:
        """The item with this id; KeyError if there is none."""
        return self.items_by_id[item_id]

    def section_items(self, section_id: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.section == section_id)

    def principle_items(self, principle_id: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if principle_id in item.principles)

    def level_for(self, total: float) -> Level | None:
        """The level band holding ``total`` (rounded half-up to an integer)."""
        rounded = int(Decimal(str(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for level in self.levels:
            if level.min <= rounded <= level.max:
                return level
        return None
