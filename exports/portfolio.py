"""The portfolio workbook: one row per site with its latest review's total, level, section
and principle sub-scores and open/overdue action items; then one sheet per principle (or
section, for scales without principles) listing the sites weakest first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports.xlsx import (
    SUBTITLE_FONT,
    fit_rows,
    fmt,
    header_row,
    print_setup,
    properties,
    put,
    widths,
)
from fidelity.errors import InvalidInputError
from fidelity.files import atomic_target
from fidelity.scale.model import ScaleDefinition
from fidelity.service.portfolio import PortfolioRow

if TYPE_CHECKING:
    from fidelity.service import FidelityService

LEVEL_FILLS = ("F8CBAD", "FFF2CC", "E2EFDA", "C6E0B4")  # lowest band first


@dataclass(frozen=True)
class PortfolioWritten:
    path: Path
    sites: int
    reviewed: int
    sheets: tuple[str, ...]


def write_portfolio(service: FidelityService, path: Path, region: str | None = None,
                    as_of: date | None = None, scale_id: str | None = None,
                    today: date | None = None,
                    include_drafts: bool = False) -> PortfolioWritten:
    """Write the portfolio of each site's latest finalized review (or latest of any status
    with ``include_drafts``) on ``scale_id`` (default: the most used scale)."""
    if path.suffix.lower() != ".xlsx":
        raise InvalidInputError(f"{path}: the portfolio is an Excel workbook; please name it "
                                "*.xlsx.")
    scale_id = scale_id or service.most_used_scale()
    if scale_id is None:
        raise InvalidInputError("there are no reviews yet, so no portfolio to write.")
    rows = service.portfolio(region=region, as_of=as_of, today=today, scale_id=scale_id,
                             statuses=None if include_drafts else ("final",))
    reviewed = [r for r in rows if r.review is not None]
    scale = (service.scale_for_review(reviewed[0].review.id)
             if reviewed and reviewed[0].review else service.registry.get(scale_id))
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sites"
    _sites_sheet(ws, rows, scale, region, as_of, include_drafts)
    groups = ([(p.id, f"{p.id} {p.name}") for p in scale.principles] if scale.principles
              else [(s.id, s.name) for s in scale.sections])
    for group_id, name in groups:
        _weakest_sheet(wb.create_sheet(_sheet_name(name)), reviewed, scale, group_id, name)
    properties(wb, f"IPS fidelity portfolio{f' - {region}' if region else ''}",
               f"{scale.name}, latest reviews{f' on or before {as_of}' if as_of else ''}",
               "IPS, fidelity, portfolio")
    with atomic_target(path) as partial:
        wb.save(partial)
    return PortfolioWritten(path, len(rows), len(reviewed), tuple(wb.sheetnames))


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:31]


def _level_fill(scale: ScaleDefinition, level_name: str | None) -> PatternFill | None:
    ordered = sorted(scale.levels, key=lambda lv: lv.min)
    for index, level in enumerate(ordered):
        if level.name == level_name:
            colour = LEVEL_FILLS[min(index, len(LEVEL_FILLS) - 1)]
            return PatternFill("solid", fgColor=colour)
    return None


def _sites_sheet(ws: Worksheet, rows: list[PortfolioRow], scale: ScaleDefinition,
                 region: str | None, as_of: date | None, include_drafts: bool) -> None:
    kind = "review (any status)" if include_drafts else "finalized review"
    scope = f"{scale.short_name or scale.id}; region {region or 'all'}; latest {kind} " + (
        f"on or before {as_of}" if as_of else "to date")
    ws["A1"] = f"Portfolio: {scope}"
    ws["A1"].font = SUBTITLE_FONT
    sections = [s.name for s in scale.sections]
    principles = [p.id for p in scale.principles]
    headers = ["Site", "Organisation", "Region", "Latest review", "Type", "Status", "Total",
               "Level", *[f"{name} (mean)" for name in sections],
               *[f"{pid} (mean)" for pid in principles], "Open actions", "Overdue actions"]
    header_row(ws, 2, headers)
    ws.row_dimensions[2].height = 45
    for offset, row in enumerate(rows):
        line = 3 + offset
        put(ws, line, 1, row.site, wrap=True)
        put(ws, line, 2, row.organisation, wrap=True)
        put(ws, line, 3, row.region)
        review, summary = row.review, row.summary
        if review is None or summary is None:
            put(ws, line, 4, "no review")
            for column in range(5, len(headers) - 1):
                put(ws, line, column, "")
        else:
            put(ws, line, 4, review.visit_date)
            put(ws, line, 5, review.review_type)
            put(ws, line, 6, review.status)
            put(ws, line, 7, summary.total, bold=True)
            level = (summary.level_name or "-") + (" (prov.)" if summary.provisional else "")
            put(ws, line, 8, level, fill=_level_fill(scale, summary.level_name))
            for k, group in enumerate((*summary.sections, *summary.principles)):
                put(ws, line, 9 + k, fmt(group.mean, 2), number_format="0.00")
        put(ws, line, len(headers) - 1, row.open_actions)
        overdue = put(ws, line, len(headers), row.overdue_actions)
        if row.overdue_actions:
            overdue.font = Font(bold=True, color="C62828")
    widths(ws, {1: 28, 2: 26, 3: 12, 4: 12, 5: 14, 6: 10, 7: 7, 8: 22,
                **{9 + k: 11 for k in range(len(sections) + len(principles) + 2)}})
    ws.freeze_panes = "B3"
    if rows:
        ws.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{2 + len(rows)}"
    fit_rows(ws, 3, 2 + len(rows))
    print_setup(ws, "2:2")


def _weakest_sheet(ws: Worksheet, rows: list[PortfolioRow], scale: ScaleDefinition,
                   group_id: str, name: str) -> None:
    items = (scale.principle_items(group_id) if scale.principles
             else scale.section_items(group_id))
    ws["A1"] = f"{name}: sites weakest first (items {', '.join(str(i.number) for i in items)})"
    ws["A1"].font = SUBTITLE_FONT
    header_row(ws, 2, ["Rank", "Site", "Region", "Mean item score", "% of max",
                       "Items scored", "Latest review", "Level"])
    ws.row_dimensions[2].height = 30
    scored = []
    for row in rows:
        assert row.summary is not None and row.review is not None
        groups = row.summary.principles if scale.principles else row.summary.sections
        group = next(g for g in groups if g.id == group_id)
        scored.append((group.mean if group.mean is not None else float("inf"), row, group))
    scored.sort(key=lambda t: (t[0], t[1].site))
    high = scale.score_range.max
    for rank, (_, row, group) in enumerate(scored, start=1):
        line = 2 + rank
        assert row.review is not None and row.summary is not None
        weak = group.mean is not None and group.mean < high * 0.6
        put(ws, line, 1, rank)
        put(ws, line, 2, row.site, wrap=True,
            fill=PatternFill("solid", fgColor="F8CBAD") if weak else None)
        put(ws, line, 3, row.region)
        put(ws, line, 4, fmt(group.mean, 2), number_format="0.00")
        put(ws, line, 5, fmt(group.percent_of_max, 0), number_format="0")
        put(ws, line, 6, f"{group.scored}/{group.items}")
        put(ws, line, 7, row.review.visit_date)
        put(ws, line, 8, row.summary.level_name or "-")
    widths(ws, {1: 6, 2: 30, 3: 12, 4: 10, 5: 9, 6: 9, 7: 12, 8: 24})
    ws.freeze_panes = "C3"
    fit_rows(ws, 3, 2 + len(scored))
    print_setup(ws, "2:2")
