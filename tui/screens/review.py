"""Review screen: the items grouped by section, one rater's (or the consensus) scores,
flags for disagreement and evidence, and the live score panel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Static

from fidelity.errors import FidelityError
from fidelity.scoring.totals import summarize
from fidelity.service.views import RatingView
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.text_prompt import TextPrompt
from tui.messages import ExportWritten, ItemRated, ReviewStatusChanged
from tui.screens.base import PaletteEntry, ServiceScreen
from tui.widgets.score_panel import ScorePanel
from tui.widgets.tables import highlighted_key

SECTION = "§"


def score_bindings(prefix: str) -> list[Binding]:
    """Digit keys that score; the scale's own range decides which digits are valid."""
    return [Binding(str(d), f"score({d})", f"Score {d}", show=False, id=f"{prefix}.score-{d}",
                    tooltip=f"Give the item score {d}") for d in range(10)]


class ReviewScreen(ServiceScreen):
    BINDINGS = [
        *score_bindings("review"),
        Binding("enter", "open_item", "Item", id="review.open-item",
                tooltip="Anchors, figures, sources and evidence of the item"),
        Binding("u", "next_unscored", "Next unscored", id="review.next-unscored",
                tooltip="Jump to the next item without a score"),
        Binding("minus", "clear_score", "Unscore", id="review.clear",
                tooltip="Mark the item unscored (insufficient data)"),
        Binding("c", "consensus", "Consensus", id="review.consensus",
                tooltip="Compare raters and agree scores"),
        Binding("a", "actions", "Actions", id="review.actions", tooltip="The action plan"),
        Binding("f", "finalize", "Finalize", id="review.finalize",
                tooltip="Lock the review (asks first)"),
        Binding("o", "reopen", "Reopen", id="review.reopen",
                tooltip="Unlock a finalized review, giving a reason"),
        Binding("x", "export_report", "Export", id="review.export-report",
                tooltip="Write the Excel report and radar chart to the exports folder"),
        Binding("escape", "back", "Back", id="review.back", tooltip="Back to the review list"),
    ]

    def __init__(self, review_id: int, rater: str | None) -> None:
        super().__init__()
        self.review_id = review_id
        self.rater = rater
        self.ratings: dict[str, RatingView] = {}
        self.spreads: dict[str, int] = {}
        self.status = "draft"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="title", classes="title-line")
        with Horizontal(id="body"):
            yield DataTable(id="items", cursor_type="row")
            yield ScorePanel(id="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.scale = self.service.scale_for_review(self.review_id)
        table = self.query_one(DataTable)
        table.add_column("#", key="number", width=3)
        table.add_column("Item", key="name", width=26)
        table.add_column("Score", key="score", width=5)
        table.add_column("!", key="flags", width=4)
        self.load()
        self._move_to_item(next((i.id for i in self.scale.items
                                 if self.ratings[i.id].score is None), self.scale.items[0].id))

    def on_screen_resume(self) -> None:
        if hasattr(self, "scale"):
            self.load()

    # -- data ------------------------------------------------------------------
    def load(self) -> None:
        detail = self.call(self.service.review_detail, self.review_id)
        if detail is None:
            return
        self.status = detail.review.status
        rows = detail.consensus if self.rater is None else detail.by_rater.get(self.rater, [])
        self.ratings = {r.item_id: r for r in rows}
        self.spreads = {}
        if self.status != "draft" and len(detail.by_rater) >= 2:
            for index, item in enumerate(self.scale.items):
                scores = [s for v in detail.by_rater.values()
                          if (s := v[index].score) is not None]
                if len(scores) >= 2:
                    self.spreads[item.id] = max(scores) - min(scores)
        who = self.rater or "Consensus"
        lock = "  [LOCKED: o to reopen]" if self.status == "final" else ""
        self.query_one("#title", Static).update(
            f"{detail.review.site} · {detail.review.visit_date} · {who} · "
            f"{self.status}{lock}")
        self._fill_table()
        self._update_panel()

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for section in self.scale.sections:
            table.add_row("", Text(section.name.upper(), style="bold"), "", "",
                          key=f"{SECTION}{section.id}")
            for item in self.scale.section_items(section.id):
                table.add_row(str(item.number), item.label[:26], *self._cells(item.id),
                              key=item.id)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def _cells(self, item_id: str) -> tuple[Text, Text]:
        rating = self.ratings.get(item_id)
        score = rating.score if rating else None
        score_cell = Text("-" if score is None else str(score),
                          style="dim" if score is None else "bold")
        flags = Text()
        spread = self.spreads.get(item_id, 0)
        if spread >= 2:
            flags.append("≠", style="bold red")
        elif spread == 1:
            flags.append("≠", style="yellow")
        else:
            flags.append(" ")
        flags.append("✎" if rating and rating.evidence else " ")
        return score_cell, flags

    def _update_panel(self) -> None:
        summary = summarize(self.scale, {k: v.score for k, v in self.ratings.items()})
        heading = f"{self.rater or 'Consensus'}'s scores" if self.rater else "Consensus"
        self.query_one(ScorePanel).show(summary, heading[:28])

    # -- navigation ------------------------------------------------------------
    def current_item(self) -> str | None:
        key = highlighted_key(self.query_one(DataTable))
        return None if key is None or key.startswith(SECTION) else key

    def _move_to_item(self, item_id: str) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(item_id))

    def _next_item(self, item_id: str) -> str | None:
        ids = [i.id for i in self.scale.items]
        index = ids.index(item_id)
        return ids[index + 1] if index + 1 < len(ids) else None

    # -- actions ---------------------------------------------------------------
    def action_score(self, score: int) -> None:
        self._rate(score)

    def action_clear_score(self) -> None:
        self._rate(None)

    def _rate(self, score: int | None) -> None:
        item_id = self.current_item()
        if item_id is None:
            self.notify("Move to an item (not a section heading) to score it.")
            return
        low, high = self.scale.score_range.min, self.scale.score_range.max
        if score is not None and not low <= score <= high:
            self.notify(f"Scores on this scale run from {low} to {high}.", severity="warning")
            return
        view = self.call(self.service.rate_item, self.review_id, item_id, score, self.rater)
        if view is None:
            return
        self.ratings[item_id] = view
        table = self.query_one(DataTable)
        score_cell, flags = self._cells(item_id)
        table.update_cell(item_id, "score", score_cell)
        table.update_cell(item_id, "flags", flags)
        self._update_panel()
        self.post_message(ItemRated(self.review_id, item_id, self.rater, score))
        following = self._next_item(item_id)
        if following is not None and score is not None:
            self._move_to_item(following)

    def action_next_unscored(self) -> None:
        ids = [i.id for i in self.scale.items]
        current = self.current_item()
        start = ids.index(current) if current in ids else -1
        for offset in range(1, len(ids) + 1):
            candidate = ids[(start + offset) % len(ids)]
            if self.ratings[candidate].score is None:
                self._move_to_item(candidate)
                return
        self.notify("Every item is scored.")

    @on(DataTable.RowSelected)
    def row_chosen(self, _event: DataTable.RowSelected) -> None:
        self.action_open_item()

    def action_open_item(self) -> None:
        item_id = self.current_item()
        if item_id is None:
            return
        from tui.screens.item import ItemScreen

        self.app.push_screen(ItemScreen(self.review_id, self.rater, item_id))

    @work
    async def action_consensus(self) -> None:
        if self.status == "draft":
            start = await self.app.push_screen_wait(ConfirmDialog(
                "Start the consensus stage? Every rater's scores become visible side by "
                "side. Raters can still change their own scores."))
            if not start or self.call(self.service.start_consensus, self.review_id) is None:
                return
            self.post_message(ReviewStatusChanged(self.review_id, "consensus"))
        from tui.screens.consensus import ConsensusScreen

        self.app.push_screen(ConsensusScreen(self.review_id))

    def action_actions(self) -> None:
        from tui.screens.actions import ActionsScreen

        self.app.push_screen(ActionsScreen(self.review_id))

    @work
    async def action_finalize(self) -> None:
        if self.status == "final":
            self.notify("This review is already finalized.")
            return
        consensus = self.call(self.service.consensus_scores, self.review_id) or {}
        summary = summarize(self.scale, consensus)
        question = (f"Finalize this review? Consensus total {summary.total}/"
                    f"{summary.total_max}, {summary.level_name or 'no level'}. It will be "
                    "locked; changing it later needs a reason.")
        allow_unscored = False
        if summary.unscored:
            question += (f"\n\n{summary.unscored} item(s) have no consensus score and will "
                         "be recorded as insufficient data.")
            allow_unscored = True
        if not await self.app.push_screen_wait(ConfirmDialog(question)):
            return
        if self.call(self.service.finalize, self.review_id, allow_unscored) is not None:
            self.post_message(ReviewStatusChanged(self.review_id, "final"))
            self.notify("Review finalized and locked.")
            self.load()

    @work
    async def action_reopen(self) -> None:
        if self.status != "final":
            self.notify("Only a finalized review needs reopening.")
            return
        reason = await self.app.push_screen_wait(TextPrompt(
            "Why must this finalized review change? (kept in the audit log)",
            "e.g. item 12 was scored from the wrong month's records"))
        if reason and self.call(self.service.reopen, self.review_id, reason) is not None:
            self.post_message(ReviewStatusChanged(self.review_id, "consensus"))
            self.load()

    def _export_stem(self) -> str:
        view = self.call(self.service.get_review, self.review_id)
        site = "review" if view is None else "".join(
            c if c.isalnum() else "-" for c in view.site).strip("-").lower()
        when = "" if view is None else f"-{view.visit_date}"
        return f"{site}{when}-review-{self.review_id}"

    @work(thread=True, exclusive=True, group="export")
    def action_export_report(self) -> None:
        """Excel report and radar chart, written off the UI thread (about a second)."""
        from exports.report import write_report

        written = self._export(lambda folder: write_report(
            self.service, self.review_id, folder / f"{self._export_stem()}.xlsx").path)
        if written:
            self.app.call_from_thread(self.action_export_radar)

    @work(thread=True, exclusive=True, group="radar")
    def action_export_radar(self) -> None:
        from exports.review_charts import write_radar

        self._export(lambda folder: write_radar(
            self.service, [self.review_id], "principle" if self.scale.principles
            else "section", folder / f"{self._export_stem()}-radar.png"))

    def _export(self, write: Callable[[Path], Path]) -> bool:
        from fidelity import locations

        folder = locations.exports_dir()
        try:
            path = write(folder)
        except (FidelityError, OSError) as exc:
            self.app.call_from_thread(self.notify, f"Export failed: {exc}",
                                      severity="error", timeout=10)
            return False
        self.app.call_from_thread(self.notify, f"Wrote {path}", timeout=8)
        self.app.call_from_thread(self.post_message, ExportWritten(str(path)))
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[PaletteEntry]:
        return [
            ("review: next unscored item", self.action_next_unscored, "Jump to a blank item"),
            ("review: mark item unscored", self.action_clear_score, "Insufficient data"),
            ("review: open item", self.action_open_item, "Anchors and evidence"),
            ("review: consensus", self.action_consensus, "Compare raters, agree scores"),
            ("review: action plan", self.action_actions, "Action items of this review"),
            ("review: finalize", self.action_finalize, "Lock the review"),
            ("review: reopen", self.action_reopen, "Unlock with a reason"),
            ("export: Excel report", self.action_export_report, "Report and radar chart"),
            ("export: radar chart", self.action_export_radar, "PNG in the exports folder"),
        ]
