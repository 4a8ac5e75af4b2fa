"""Excel reports, the portfolio workbook and charts, read back and inspected.

Requirements:
- EX001: the report has Summary, Score sheet, Raters (only with 2+ raters) and Action plan,
  with the review's values, the anchor of each score given, and unscored items marked.
- EX002: text beginning with =, +, - or @ is stored as text, never as a formula.
- EX003: the Summary holds the radar image and a native bar chart, and compares with the
  previous review.
- EX004: the portfolio has a row per site (latest finalized review on or before --as-of,
  region filter) and a sheet per principle, weakest site first.
- EX005: radar charts have one axis label per principle/section/item and one polygon per
  review; reviews on different scales are refused; only .png/.svg are written.
- EX006: the trend chart leaves out reviews without consensus scores.
- EX007: a file being written never replaces the target half-done (atomic rename).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from exports.charts import axes_for
from exports.portfolio import write_portfolio
from exports.report import write_report
from exports.review_charts import radar_for_reviews, trend_for_site, write_radar
from fidelity.errors import InvalidInputError
from fidelity.service import FidelityService

PNG = b"\x89PNG\r\n\x1a\n"


def _review(service: FidelityService, site: str, when: date, raters: list[str],
            scores: list[int | None], status: str = "final") -> int:
    if site not in {s.name for s in service.list_sites()}:
        service.add_site(site, "Trust", "North" if site != "South Team" else "South")
    review_id = service.start_review(site, "ips-25", when, raters=raters).id
    items = service.scale_for_review(review_id).items
    for index, (item, score) in enumerate(zip(items, scores, strict=True)):
        for k, rater in enumerate(raters):
            given = None if score is None else max(1, min(5, score - (k and index % 7 == 0)))
            service.rate_item(review_id, item.id, given, rater)
        service.rate_item(review_id, item.id, score)
    if status == "final":
        service.finalize(review_id, allow_unscored=True)
    return review_id


@pytest.fixture
def reviews(service: FidelityService) -> dict[str, int]:
    old = _review(service, "North Team", date(2025, 5, 1), ["Ann", "Bo"], [3] * 25)
    new = _review(service, "North Team", date(2026, 5, 1), ["Ann", "Bo"],
                  [4] * 24 + [None], status="draft")
    service.set_evidence(new, "caseload_size", "=HYPERLINK(\"http://x\")")
    service.set_evidence(new, "disclosure", "+44 20 7946 0000 rang the lead", "Ann")
    service.set_evidence(new, "competitive_jobs", "-5% since last year")
    service.set_evidence(new, "zero_exclusion", "@mention the trust board")
    service.finalize(new, allow_unscored=True)
    service.add_action(new, "=1+1 should stay text", owner="@lead",
                       due_date=date(2026, 8, 1), item_id="caseload_size")
    south = _review(service, "South Team", date(2026, 3, 1), ["Cy"], [2] * 25)
    draft = _review(service, "South Team", date(2026, 9, 1), ["Cy"], [5] * 25,
                    status="draft")
    return {"old": old, "new": new, "south": south, "draft": draft}


def test_report_contents(service: FidelityService, reviews: dict[str, int],
                         tmp_path: Path) -> None:  # EX001, EX003
    path = tmp_path / "out" / "report.xlsx"
    written = write_report(service, reviews["new"], path)
    assert written.sheets == ("Summary", "Score sheet", "Raters", "Action plan")
    wb = openpyxl.load_workbook(path)
    summary = wb["Summary"]
    assert isinstance(summary, Worksheet)
    facts = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
             for r in range(3, 20)}
    assert facts["Site"] == "North Team"
    assert facts["Total"] == "96 of 125"
    assert "provisional" in str(facts["Fidelity level"])
    assert str(facts["Previous review"]).startswith("2025-05-01")
    assert "change +21" in str(facts["Previous review"])
    assert len(vars(summary)["_images"]) == 1  # the radar (openpyxl keeps it privately)
    assert len(vars(summary)["_charts"]) == 1  # the native section bar chart
    sheet = wb["Score sheet"]
    rows = list(sheet.iter_rows(min_row=2, max_row=26, values_only=True))
    assert rows[0][:4] == (1, "Staffing", "Caseload size", 4)
    assert rows[0][4] == service.scale_for_review(reviews["new"]).item(
        "caseload_size").anchors[4]
    assert rows[24][3] == "unscored"
    assert wb.properties.title and "North Team" in wb.properties.title
    assert summary.page_setup.orientation == "portrait"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "D2"


def test_no_formula_from_text(service: FidelityService, reviews: dict[str, int],
                              tmp_path: Path) -> None:  # EX002
    path = tmp_path / "report.xlsx"
    write_report(service, reviews["new"], path)
    wb = openpyxl.load_workbook(path)
    texts = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    texts[cell.value] = cell
    for start in ("=HYPERLINK", "Ann: +44 20", "-5% since", "@mention", "=1+1", "@lead"):
        matches = [t for t in texts if t.startswith(start)]
        assert matches, start
        assert texts[matches[0]].data_type == "s"
    assert "=HYPERLINK" not in (wb["Score sheet"]["F2"].value or "")[1:]


def test_single_rater_has_no_raters_sheet(service: FidelityService,
                                          reviews: dict[str, int], tmp_path: Path) -> None:
    written = write_report(service, reviews["south"], tmp_path / "south.xlsx")
    assert "Raters" not in written.sheets


def test_report_refuses_other_suffix(service: FidelityService, reviews: dict[str, int],
                                     tmp_path: Path) -> None:  # EX007
    out = tmp_path / "out"
    with pytest.raises(InvalidInputError, match=r"\.xlsx"):
        write_report(service, reviews["new"], out / "report.csv")
    assert not out.exists()
    target = out / "report.xlsx"
    write_report(service, reviews["new"], target)
    assert [p.name for p in out.iterdir()] == ["report.xlsx"]  # no partial file left


def test_portfolio(service: FidelityService, reviews: dict[str, int],
                   tmp_path: Path) -> None:  # EX004
    path = tmp_path / "portfolio.xlsx"
    written = write_portfolio(service, path, today=date(2026, 9, 1))
    assert (written.sites, written.reviewed) == (2, 2)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Sites" and len(wb.sheetnames) == 9
    sites = wb["Sites"]
    header = [c.value for c in sites[2]]
    rows = {r[0]: dict(zip(header, r, strict=True))
            for r in sites.iter_rows(min_row=3, values_only=True)}
    assert rows["North Team"]["Total"] == 96
    assert rows["South Team"]["Total"] == 50  # the finalized one, not the later draft
    assert rows["North Team"]["Open actions"] == 1
    assert rows["North Team"]["Overdue actions"] == 1  # due 2026-08-01
    weakest = wb["P1 Competitive employment"]
    assert [weakest.cell(row=r, column=2).value for r in (3, 4)] == ["South Team",
                                                                    "North Team"]
    # as of an earlier date, and a region filter
    write_portfolio(service, path, as_of=date(2025, 12, 31), region="North")
    wb = openpyxl.load_workbook(path)
    rows_2025 = list(wb["Sites"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[6]) for r in rows_2025] == [("North Team", 75)]
    write_portfolio(service, path, include_drafts=True)
    rows_drafts = {r[0]: r[6] for r in openpyxl.load_workbook(path)["Sites"].iter_rows(
        min_row=3, values_only=True)}
    assert rows_drafts["South Team"] == 125


@pytest.mark.parametrize(("by", "labels"), [("principle", 8), ("section", 3), ("item", 25)])
def test_radar_axes(service: FidelityService, reviews: dict[str, int], by: str,
                    labels: int) -> None:  # EX005
    fig = radar_for_reviews(service, [reviews["new"], reviews["old"]], by)  # type: ignore[arg-type]
    ax = fig.axes[0]
    assert len(ax.get_xticklabels()) == labels
    assert len(ax.get_lines()) == 2
    assert ax.get_ylim() == (1.0, 5.0)
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text()[:10] for t in legend.get_texts()] == ["2026-05-01", "2025-05-01"]
    assert "North Team" in ax.get_title()


def test_radar_files(service: FidelityService, reviews: dict[str, int],
                     tmp_path: Path) -> None:  # EX005
    png = write_radar(service, [reviews["new"]], "principle", tmp_path / "r.png")
    assert png.read_bytes().startswith(PNG) and png.stat().st_size > 20_000
    svg = write_radar(service, [reviews["new"]], "section", tmp_path / "r.svg")
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()
    with pytest.raises(InvalidInputError, match=r"\.png or \.svg"):
        write_radar(service, [reviews["new"]], "section", tmp_path / "r.pdf")


def test_radar_refuses_mixed_scales(service: FidelityService,
                                    reviews: dict[str, int]) -> None:  # EX005
    other = service.start_review("North Team", "ips-15", date(2026, 6, 1)).id
    with pytest.raises(InvalidInputError, match="only reviews on the same scale"):
        radar_for_reviews(service, [reviews["new"], other], "section")
    with pytest.raises(InvalidInputError, match="has no principles"):
        axes_for(service.scale_for_review(other), "principle")


def test_trend_skips_unscored(service: FidelityService, reviews: dict[str, int]) -> None:
    service.start_review("North Team", "ips-25", date(2026, 10, 1))  # no scores: left out
    fig = trend_for_site(service, "North Team")  # EX006
    ax = fig.axes[0]
    markers = [line for line in ax.get_lines() if numpy.asarray(line.get_xdata()).size == 1]
    assert len(markers) == 2
    assert [t.get_text() for t in ax.texts if t.get_text()[:1].isdigit()] == ["75", "100*"]
