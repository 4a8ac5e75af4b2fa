"""The Excel review report: Summary (with radar and section chart, and the change since the
previous review), Score sheet, Raters (when there was more than one) and Action plan."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from exports.charts import By
from exports.review_charts import radar_for_reviews
from exports.xlsx import (
    SUBTITLE_FONT,
    TITLE_FONT,
    fit_rows,
    fmt,
    header_row,
    print_setup,
    properties,
    put,
    score_fill,
    widths,
)
from fidelity.errors import InvalidInputError
from fidelity.files import atomic_target
from fidelity.scale.model import ScaleDefinition
from fidelity.scoring.totals import GroupScore
from fidelity.service.views import ActionView, ReviewDetail

if TYPE_CHECKING:
    from fidelity.service import FidelityService

SHEETS = ("Summary", "Score sheet", "Raters", "Action plan")
DISAGREE_2 = PatternFill("solid", fgColor="F4B084")
DISAGREE_1 = PatternFill("solid", fgColor="FFE699")


@dataclass(frozen=True)
class ReportWritten:
    path: Path
    sheets: tuple[str, ...]


def write_report(service: FidelityService, review_id: int, path: Path,
                 by: By = "principle") -> ReportWritten:
    """Write the review's report to ``path`` (.xlsx); the file appears only when complete."""
    if path.suffix.lower() != ".xlsx":
        raise InvalidInputError(f"{path}: the report is an Excel workbook; please name it "
                                "*.xlsx.")
    detail = service.review_detail(review_id)
    scale = service.scale_for_review(review_id)
    site = service.get_site(detail.review.site_id)
    previous = service.previous_review(review_id)
    actions = service.review_actions(review_id)
    wb = Workbook()
    summary_ws = wb.active
    assert summary_ws is not None
    summary_ws.title = SHEETS[0]
    chart_by: By = by if scale.principles or by != "principle" else "section"
    charts_row = _summary(summary_ws, detail, scale, site.organisation, site.region, previous)
    _radar(summary_ws, service, review_id, previous, chart_by, charts_row + 17)
    _score_sheet(wb.create_sheet(SHEETS[1]), detail, scale)
    if len(detail.by_rater) > 1:
        _raters(wb.create_sheet(SHEETS[2]), detail, scale)
    _actions(wb.create_sheet(SHEETS[3]), actions, scale)
    properties(wb, f"IPS fidelity review: {detail.review.site}, {detail.review.visit_date}",
               f"{scale.name} ({scale.version})", "IPS, fidelity, review")
    with atomic_target(path) as partial:
        wb.save(partial)
    return ReportWritten(path, tuple(wb.sheetnames))


def _summary(ws: Worksheet, detail: ReviewDetail, scale: ScaleDefinition, organisation: str,
             region: str, previous: ReviewDetail | None) -> int:
    """Facts and sub-score tables; returns the row below which the charts go."""
    r, s = detail.review, detail.summary
    ws["A1"] = "IPS fidelity review report"
    ws["A1"].font = TITLE_FONT
    level = s.level_name or "-"
    if s.provisional:
        level += " (provisional: not every item has a consensus score)"
    facts: list[tuple[str, object]] = [
        ("Site", r.site), ("Organisation", organisation), ("Region", region),
        ("Visit date", r.visit_date), ("Review type", r.review_type), ("Status", r.status),
        ("Reviewers", ", ".join(r.raters) or "-"),
        ("Scale", f"{scale.name}, {scale.edition}".strip(", ")),
        ("Scale version", scale.version),
        ("Total", f"{s.total} of {s.total_max}"),
        ("Fidelity level", level),
        ("Unscored items", s.unscored if not s.unscored else
         f"{s.unscored}: the total could end between {s.possible_min} and {s.possible_max}"),
    ]
    if previous is not None:
        p = previous.summary
        facts.append(("Previous review", f"{previous.review.visit_date} "
                      f"({previous.review.review_type}): total {p.total}, "
                      f"{p.level_name or '-'}; change {s.total - p.total:+d}"))
    for offset, (key, value) in enumerate(facts):
        put(ws, 3 + offset, 1, key, bold=True)
        cell = put(ws, 3 + offset, 2, value, wrap=True)
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
    row = 4 + len(facts)
    row = _group_table(ws, row, "Sections", s.sections,
                       previous.summary.sections if previous else None)
    if s.principles:
        row = _group_table(ws, row + 1, "Principles", s.principles,
                           previous.summary.principles if previous else None)
    _section_bar_chart(ws, 4 + len(facts) + 2, len(s.sections), row + 1)
    widths(ws, {1: 22, 2: 34, 3: 8, 4: 8, 5: 8, 6: 10, 7: 10, 8: 9})
    fit_rows(ws, 3, row)
    print_setup(ws, orientation="portrait")
    return row + 1


def _group_table(ws: Worksheet, row: int, title: str, groups: tuple[GroupScore, ...],
                 before: tuple[GroupScore, ...] | None) -> int:
    ws.cell(row=row, column=1, value=title).font = SUBTITLE_FONT
    header_row(ws, row + 1, [title[:-1], "", "Items", "Scored", "Mean", "% of max",
                             "Previous mean", "Change"])
    ws.row_dimensions[row + 1].height = 30
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=2)
    previous = {g.id: g for g in before or ()}
    for offset, group in enumerate(groups):
        line = row + 2 + offset
        put(ws, line, 1, group.name, wrap=True)
        ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=2)
        ws.cell(row=line, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        put(ws, line, 3, group.items)
        put(ws, line, 4, group.scored)
        put(ws, line, 5, fmt(group.mean, 2), number_format="0.00")
        put(ws, line, 6, fmt(group.percent_of_max, 0), number_format="0")
        old = previous.get(group.id)
        put(ws, line, 7, fmt(old.mean if old else None, 2), number_format="0.00")
        change = (group.mean - old.mean if old is not None and old.mean is not None
                  and group.mean is not None else None)
        cell = put(ws, line, 8, fmt(change, 2), number_format="+0.00;-0.00;0.00")
        if change is not None and abs(change) >= 0.005:
            cell.font = Font(bold=True, color="2E7D32" if change > 0 else "C62828")
    return row + 2 + len(groups)


def _section_bar_chart(ws: Worksheet, first_row: int, count: int, anchor_row: int) -> None:
    """A native Excel bar chart of the section means (editable by the reader)."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Mean item score by section"
    chart.y_axis.title = "Mean item score"
    chart.y_axis.scaling.min = 0
    chart.legend = None
    data = Reference(ws, min_col=5, min_row=first_row - 1, max_row=first_row + count - 1)
    labels = Reference(ws, min_col=1, min_row=first_row, max_row=first_row + count - 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.height, chart.width = 6.5, 14
    ws.add_chart(chart, f"A{anchor_row + 1}")


def _radar(ws: Worksheet, service: FidelityService, review_id: int,
           previous: ReviewDetail | None, by: By, row: int) -> None:
    ids = [review_id] + ([previous.review.id] if previous else [])
    fig = radar_for_reviews(service, ids, by)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    buffer.seek(0)
    image = Image(buffer)
    image.width, image.height = int(image.width * 0.85), int(image.height * 0.85)
    ws.add_image(image, f"A{row}")
    ws.row_breaks.append(Break(id=row - 1))  # the radar prints whole, on its own page


def _score_sheet(ws: Worksheet, detail: ReviewDetail, scale: ScaleDefinition) -> None:
    header_row(ws, 1, ["#", "Section", "Item", "Score", "Anchor for the score given",
                       "Evidence", "Data sources", "Figure", "Suggested"])
    sections = {s.id: s.name for s in scale.sections}
    low, high = scale.score_range.min, scale.score_range.max
    for offset, rating in enumerate(detail.consensus):
        row = 2 + offset
        item = scale.item(rating.item_id)
        put(ws, row, 1, item.number)
        put(ws, row, 2, sections[item.section], wrap=True)
        put(ws, row, 3, item.name, wrap=True)
        fill = score_fill(rating.score, low, high)
        if rating.score is None:
            cell = put(ws, row, 4, "unscored", fill=fill)
            cell.font = Font(italic=True, color="7F7F7F")
            put(ws, row, 5, "Not scored (insufficient data); not counted in the total.",
                wrap=True, fill=fill)
        else:
            cell = put(ws, row, 4, rating.score, fill=fill, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="top")
            put(ws, row, 5, item.anchors[rating.score], wrap=True)
        evidence = rating.evidence or "\n".join(
            f"{name}: {rows[offset].evidence}" for name, rows in detail.by_rater.items()
            if rows[offset].evidence)
        put(ws, row, 6, evidence, wrap=True)
        sources = rating.data_sources or sorted({code for rows in detail.by_rater.values()
                                                 for code in rows[offset].data_sources})
        put(ws, row, 7, ", ".join(sources), wrap=True)
        figure = rating.metric_value
        if figure is None:
            figure = next((rows[offset].metric_value for rows in detail.by_rater.values()
                           if rows[offset].metric_value is not None), None)
        unit = f" {item.metric.unit}" if item.metric and item.metric.unit else ""
        put(ws, row, 8, "" if figure is None else f"{figure:g}{unit}")
        put(ws, row, 9, rating.suggested_score if rating.suggested_score is not None else "")
    total_row = 2 + len(detail.consensus)
    s = detail.summary
    put(ws, total_row, 3, "Total", bold=True)
    put(ws, total_row, 4, s.total, bold=True)
    put(ws, total_row, 5, f"{s.level_name or '-'}" + (" (provisional)" if s.provisional
                                                       else ""), bold=True)
    widths(ws, {1: 4, 2: 13, 3: 30, 4: 8, 5: 42, 6: 48, 7: 14, 8: 12, 9: 10})
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:I{total_row - 1}"
    fit_rows(ws, 2, total_row)
    print_setup(ws, "1:1")


def _raters(ws: Worksheet, detail: ReviewDetail, scale: ScaleDefinition) -> None:
    raters = list(detail.by_rater)
    agreement = detail.agreement
    summary = "Agreement: no item was scored by two raters."
    if agreement is not None and agreement.compared:
        summary = (f"Agreement over {agreement.compared} items: exact "
                   f"{agreement.exact_percent:.0f}%, within one "
                   f"{agreement.within_one_percent:.0f}%, {len(agreement.large)} item(s) "
                   "differ by 2 or more (highlighted orange; by 1: yellow).")
    ws["A1"] = summary
    ws["A1"].font = SUBTITLE_FONT
    header_row(ws, 2, ["#", "Item", *raters, "Consensus", "Spread"])
    for offset, rating in enumerate(detail.consensus):
        row = 3 + offset
        item = scale.item(rating.item_id)
        scores = [detail.by_rater[name][offset].score for name in raters]
        given = [s for s in scores if s is not None]
        spread = max(given) - min(given) if len(given) >= 2 else None
        fill = DISAGREE_2 if spread is not None and spread >= 2 else (
            DISAGREE_1 if spread == 1 else None)
        put(ws, row, 1, item.number, fill=fill)
        put(ws, row, 2, item.name, wrap=True, fill=fill)
        for k, score in enumerate(scores):
            put(ws, row, 3 + k, "-" if score is None else score, fill=fill)
        put(ws, row, 3 + len(raters), "-" if rating.score is None else rating.score,
            bold=True, fill=fill)
        put(ws, row, 4 + len(raters), "" if spread is None else spread, fill=fill)
    widths(ws, {1: 4, 2: 40, **{3 + k: 12 for k in range(len(raters) + 2)}})
    fit_rows(ws, 3, 2 + len(detail.consensus))
    ws.freeze_panes = "C3"
    print_setup(ws, "2:2")


def _actions(ws: Worksheet, actions: list[ActionView], scale: ScaleDefinition) -> None:
    header_row(ws, 1, ["Item", "Principle", "What", "Owner", "Due", "Status", "Notes"])
    names = {i.id: f"{i.number}. {i.name}" for i in scale.items}
    principles = {p.id: p.name for p in scale.principles}
    if not actions:
        put(ws, 2, 3, "No action items yet.")
    for offset, action in enumerate(actions):
        row = 2 + offset
        put(ws, row, 1, names.get(action.item_id or "", action.item_id or ""), wrap=True)
        put(ws, row, 2, principles.get(action.principle_id or "", action.principle_id or ""),
            wrap=True)
        put(ws, row, 3, action.what, wrap=True)
        put(ws, row, 4, action.owner, wrap=True)
        put(ws, row, 5, action.due_date if action.due_date else "")
        status = put(ws, row, 6, action.status + (" (overdue)" if action.overdue else ""),
                     wrap=True)
        if action.overdue:
            status.font = Font(bold=True, color="C62828")
        put(ws, row, 7, "\n".join(f"{n.at:%Y-%m-%d} {n.author}: {n.text}"
                                  for n in action.notes), wrap=True)
    widths(ws, {1: 30, 2: 22, 3: 44, 4: 16, 5: 11, 6: 16, 7: 50})
    fit_rows(ws, 2, 1 + len(actions))
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1")
