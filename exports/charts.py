"""Radar charts of one or more reviews, and a site's trend over time (matplotlib, Agg).

Figures are built by ``*_figure`` functions (tests inspect them) and written by
``save_figure``, which picks PNG or SVG from the file name.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

import matplotlib

matplotlib.use("Agg")  # no display: reviewers' laptops, servers and CI alike

from fidelity.errors import InvalidInputError  # noqa: E402
from fidelity.scale.model import ScaleDefinition  # noqa: E402
from fidelity.scoring.totals import summarize  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

# Okabe & Ito (2008): distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
BAND_COLOURS = ("#d7191c33", "#fdae6133", "#a6d96a33", "#1a964133", "#2b83ba33")

By = Literal["principle", "section", "item"]


@dataclass(frozen=True)
class Series:
    """One polygon: a review's label and its item scores."""

    label: str
    scores: dict[str, int | None]


def axes_for(scale: ScaleDefinition, by: By) -> list[tuple[str, str]]:
    """(id, label) of the radar's axes."""
    if by == "section":
        return [(s.id, s.name) for s in scale.sections]
    if by == "principle":
        if not scale.principles:
            raise InvalidInputError(f"scale {scale.id} has no principles; use --by section "
                                    "or --by item.")
        return [(p.id, f"{p.number or p.id}. {p.name}") for p in scale.principles]
    return [(i.id, f"{i.number}. {i.label}") for i in scale.items]


def values_for(scale: ScaleDefinition, scores: dict[str, int | None],
               by: By) -> list[float | None]:
    """The value on each axis: mean item score of the group, or the item's score."""
    if by == "item":
        return [None if scores.get(i.id) is None else float(scores[i.id] or 0)
                for i in scale.items]
    summary = summarize(scale, scores)
    groups = summary.sections if by == "section" else summary.principles
    return [g.mean for g in groups]


def radar_figure(scale: ScaleDefinition, series: list[Series], by: By, title: str) -> Figure:
    """A radar chart with one polygon per series, on the scale's full score range."""
    from matplotlib.figure import Figure

    axes = axes_for(scale, by)
    if len(axes) < 3:
        raise InvalidInputError(f"a radar chart needs at least 3 axes; scale {scale.id} has "
                                f"{len(axes)} {by}s. Please use --by item.")
    many = len(axes) > 12
    fig = Figure(figsize=(10, 9.5) if many else (8.5, 8), dpi=110)
    ax = cast("PolarAxes", fig.add_subplot(projection="polar"))
    angles = [2 * math.pi * k / len(axes) for k in range(len(axes))]
    low, high = scale.score_range.min, scale.score_range.max
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(low, high)
    ax.set_yticks(list(range(low, high + 1)))
    ax.set_yticklabels([str(v) for v in range(low, high + 1)], fontsize=8, color="#555555")
    ax.set_rlabel_position(180 / len(axes))
    width = 14 if many else 18
    labels = [textwrap.fill(label, width) for _, label in axes]
    ax.set_xticks(angles)
    ax.set_xticklabels(labels, fontsize=7 if many else 9)
    ax.tick_params(axis="x", pad=14 if many else 10)
    for label, angle in zip(ax.get_xticklabels(), angles, strict=True):
        # Align each label away from the centre so long names do not run into the plot.
        x = math.sin(angle)
        label.set_horizontalalignment("left" if x > 0.1 else "right" if x < -0.1 else "center")
    ax.grid(color="#bbbbbb", linewidth=0.6)
    drawn = 0
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        values = values_for(scale, one.scores, by)
        points = [(a, v) for a, v in zip(angles, values, strict=True) if v is not None]
        if not points:
            continue
        drawn += 1
        closed = [*points, points[0]] if len(points) == len(axes) else points
        ax.plot([a for a, _ in closed], [v for _, v in closed], color=colour, linewidth=2,
                marker="o", markersize=4, label=one.label,
                linestyle="-" if index == 0 else (0, (5, 2 + index)))
        if len(points) == len(axes):
            ax.fill([a for a, _ in closed], [v for _, v in closed], color=colour, alpha=0.12)
    ax.set_title(title, fontsize=12, pad=28 if many else 22, fontweight="bold")
    if drawn:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), ncol=1, fontsize=9,
                  frameon=False)
    fig.subplots_adjust(left=0.14, right=0.86, top=0.86, bottom=0.16)
    return fig


def trend_figure(scale: ScaleDefinition, points: list[tuple[date, int, str, bool]],
                 title: str) -> Figure:
    """Total over time with the level bands shaded. ``points``: (date, total, review type,
    complete). Self-assessments are drawn hollow; incomplete reviews are marked."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 5), dpi=110)
    ax = fig.add_subplot()
    bands = sorted(scale.levels, key=lambda lv: lv.min)
    for index, level in enumerate(bands):
        ax.axhspan(level.min - 0.5, level.max + 0.5,
                   color=BAND_COLOURS[index % len(BAND_COLOURS)], linewidth=0)
        ax.text(1.01, (level.min + level.max) / 2, textwrap.fill(level.name, 16),
                transform=ax.get_yaxis_transform(), va="center", fontsize=8, color="#333333")
    ordered = sorted(points)
    if ordered:
        ax.plot([_num(p[0]) for p in ordered], [p[1] for p in ordered], color=PALETTE[0],
                linewidth=1.8, zorder=3)
    for when, total, kind, complete in ordered:
        hollow = kind == "self-assessment"
        ax.plot([_num(when)], [total], marker="s" if hollow else "o", markersize=8, zorder=4,
                markerfacecolor="white" if hollow else PALETTE[0],
                markeredgecolor=PALETTE[0] if complete else PALETTE[5], markeredgewidth=2)
        ax.annotate(f"{total}{'' if complete else '*'}", (_num(when), total),
                    textcoords="offset points", xytext=(0, 9), ha="center", fontsize=8)
    ax.set_ylim(scale.total_min - 0.5, scale.total_max + 0.5)
    ax.set_ylabel(f"Total ({scale.total_min}-{scale.total_max})")
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.set_title(title, fontsize=12, fontweight="bold")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    note = "o external / follow-up   [] self-assessment"
    if any(not p[3] for p in ordered):
        note += "   * incomplete (provisional)"
    ax.text(0, -0.14, note, transform=ax.transAxes, fontsize=8, color="#555555")
    fig.subplots_adjust(left=0.09, right=0.82, top=0.9, bottom=0.17)
    return fig


def _num(day: date) -> float:
    """Matplotlib's number for a date (its date converter is untyped)."""
    from matplotlib.dates import date2num

    return float(date2num(day))  # type: ignore[no-untyped-call]


def save_figure(fig: Figure, path: Path) -> Path:
    """Write ``fig`` as PNG or SVG (chosen by the suffix)."""
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise InvalidInputError(f"{path}: charts are written as .png or .svg. "
                                "Please change the file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format=suffix[1:], metadata=_metadata(suffix))
    return path


def _metadata(suffix: str) -> dict[str, str | None]:
    # Fixed metadata keeps files byte-identical between runs (no creation date).
    return {"Software": "ips-fidelity"} if suffix == ".png" else {"Date": None}
