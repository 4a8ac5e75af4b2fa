"""Consensus screen: every rater's score side by side, widest disagreements first,
agreement figures, and the agreed score set per item (or all agreed items at once)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from fidelity.service.bundles import ConflictView
from fidelity.service.views import ReviewDetail
from tui.messages import ItemRated
from tui.screens.base import PaletteEntry, ServiceScreen
from tui.screens.review import score_bindings
from tui.widgets.tables import highlighted_key


class ConsensusScreen(ServiceScreen):
    BINDINGS = [
        *score_bindings("consensus"),
        Binding("A", "accept_agreed", "Accept agreed", id="consensus.accept-agreed",
                tooltip="Consensus = the raters' score wherever they all agree"),
        Binding("enter", "open_item", "Item", id="consensus.open-item",
                tooltip="Anchors, every rater's note, and the consensus rationale"),
        Binding("minus", "clear_score", "Unscore", id="consensus.clear",
                tooltip="Clear the consensus score"),
        Binding("K", "resolve('ours')", "Keep ours", id="consensus.keep-ours",
                tooltip="Bundle conflict on this item: keep this laptop's version"),
        Binding("T", "resolve('theirs')", "Take theirs", id="consensus.take-theirs",
                tooltip="Bundle conflict on this item: take the imported version"),
        Binding("escape", "back", "Back", id="consensus.back", tooltip="Back to the items"),
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__()
        self.review_id = review_id
        self.detail: ReviewDetail | None = None
        self.conflicts: list[ConflictView] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="agreement", classes="title-line")
        yield DataTable(id="consensus", cursor_type="row")
        yield Static("digits = consensus score · A = accept all agreed · Enter = item, "
                     "rationale · Esc = back", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.scale = self.service.scale_for_review(self.review_id)
        self.load()

    def on_screen_resume(self) -> None:
        if hasattr(self, "scale"):
            self.load()

    def load(self) -> None:
        self.detail = self.call(self.service.review_detail, self.review_id)
        if self.detail is None:
            return
        detail = self.detail
        self.conflicts = self.call(self.service.conflicts, self.review_id) or []
        conflicted = {c.item_id for c in self.conflicts}
        agreement = detail.agreement
        line = f"{detail.review.site} · {detail.review.visit_date} · consensus"
        if agreement is not None and agreement.compared:
            line += (f" · exact {agreement.exact_percent:.0f}% · within one "
                     f"{agreement.within_one_percent:.0f}% · {len(agreement.large)} differ by 2+")
        line += f" · total {detail.summary.total}/{detail.summary.total_max}"
        if self.conflicts:
            line += (f" · ⚡ {len(self.conflicts)} conflict(s) from bundles: "
                     "K keeps ours, T takes theirs")
        self.query_one("#agreement", Static).update(line)
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        raters = list(detail.by_rater)
        table.add_column("#", width=3)
        table.add_column("Item", width=24 if len(raters) <= 2 else 18)
        for name in raters:
            table.add_column(name.split()[0][:8], width=8)
        table.add_column("Δ", width=2)
        table.add_column("Agreed", key="agreed", width=6)
        order = []
        for index, item in enumerate(self.scale.items):
            scores = [detail.by_rater[n][index].score for n in raters]
            given = [s for s in scores if s is not None]
            spread = max(given) - min(given) if len(given) >= 2 else -1
            order.append((-spread, item.number, index, scores, spread))
        for _, _, index, scores, spread in sorted(order):
            item = self.scale.items[index]
            style = "bold red" if spread >= 2 else "yellow" if spread == 1 else ""
            agreed = detail.consensus[index].score
            label = ("⚡ " if item.id in conflicted else "") + item.label
            table.add_row(str(item.number), Text(label[:24], style=style),
                          *["-" if s is None else str(s) for s in scores],
                          Text("" if spread < 0 else str(spread), style=style),
                          Text("-" if agreed is None else str(agreed), style="bold"),
                          key=item.id)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def _current(self) -> str | None:
        return highlighted_key(self.query_one(DataTable))

    def action_score(self, score: int) -> None:
        low, high = self.scale.score_range.min, self.scale.score_range.max
        if not low <= score <= high:
            self.notify(f"Scores on this scale run from {low} to {high}.", severity="warning")
            return
        self._set(score)

    def action_clear_score(self) -> None:
        self._set(None)

    def _set(self, score: int | None) -> None:
        item_id = self._current()
        if item_id is None:
            return
        if self.call(self.service.reconcile, self.review_id, item_id, score) is not None:
            table = self.query_one(DataTable)
            table.update_cell(item_id, "agreed",
                              Text("-" if score is None else str(score), style="bold"))
            self.post_message(ItemRated(self.review_id, item_id, None, score))
            if table.cursor_row + 1 < table.row_count:
                table.move_cursor(row=table.cursor_row + 1)

    def action_accept_agreed(self) -> None:
        accepted = self.call(self.service.accept_agreed, self.review_id)
        if accepted is not None:
            self.notify(f"Consensus set for {len(accepted)} item(s) where raters agreed.")
            for item_id in accepted:
                self.post_message(ItemRated(self.review_id, item_id, None, None))
            self.load()

    def action_resolve(self, take: str) -> None:
        item_id = self._current()
        mine = [c for c in self.conflicts if c.item_id == item_id]
        if not mine:
            self.notify("No bundle conflict on this item.")
            return
        for conflict in mine:
            if self.call(self.service.resolve_conflict, conflict.id, take) is None:
                return
            self.notify(f"{conflict.rater}, item {conflict.item_id}: kept "
                        f"{'our' if take == 'ours' else 'the imported'} version.")
        self.load()

    @on(DataTable.RowSelected)
    def row_chosen(self, _event: DataTable.RowSelected) -> None:
        self.action_open_item()

    def action_open_item(self) -> None:
        item_id = self._current()
        if item_id is not None:
            from tui.screens.item import ItemScreen

            self.app.push_screen(ItemScreen(self.review_id, None, item_id))

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[PaletteEntry]:
        return [("consensus: accept agreed items", self.action_accept_agreed,
                 "Where all raters gave the same score"),
                ("conflict: keep ours", lambda: self.action_resolve("ours"),
                 "Bundle conflict on the highlighted item"),
                ("conflict: take theirs", lambda: self.action_resolve("theirs"),
                 "Bundle conflict on the highlighted item"),
                ("consensus: open item", self.action_open_item, "Notes and rationale")]
