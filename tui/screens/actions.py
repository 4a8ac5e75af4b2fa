"""Action plan screen: action items of a review, linked to an item or principle."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from tui.dialogs.action_form import ActionForm, ActionUpdateForm
from tui.messages import ActionSaved
from tui.screens.base import PaletteEntry, ServiceScreen
from tui.widgets.tables import highlighted_key


class ActionsScreen(ServiceScreen):
    BINDINGS = [
        Binding("n", "new_action", "New", id="actions.new",
                tooltip="Add an action item (weakest items offered first)"),
        Binding("enter", "update_action", "Update", id="actions.update",
                tooltip="Change status, owner, due date or add a progress note"),
        Binding("d", "mark_done", "Done", id="actions.done", tooltip="Mark the item done"),
        Binding("escape", "back", "Back", id="actions.back", tooltip="Back"),
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__()
        self.review_id = review_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="title", classes="title-line")
        yield DataTable(id="actions", cursor_type="row")
        yield Static("", id="notes", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.scale = self.service.scale_for_review(self.review_id)
        table = self.query_one(DataTable)
        # Fits 80 columns: 66 of text + 10 of cell padding + the scrollbar.
        table.add_column("Item", width=6)
        table.add_column("What", width=25)
        table.add_column("Owner", width=9)
        table.add_column("Due", width=10)
        table.add_column("Status", width=16)
        self.load()

    def load(self) -> None:
        review = self.call(self.service.get_review, self.review_id)
        actions = self.call(self.service.review_actions, self.review_id) or []
        if review is not None:
            self.query_one("#title", Static).update(
                f"Action plan · {review.site} · {review.visit_date} · {len(actions)} item(s)")
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        numbers = {i.id: i.number for i in self.scale.items}
        self.actions = {str(a.id): a for a in actions}
        for a in actions:
            link = f"#{numbers.get(a.item_id, '?')}" if a.item_id else (a.principle_id or "")
            if a.carried:
                link += " ↻"
            status = Text(a.status + (" LATE" if a.overdue else ""),
                          style="bold red" if a.overdue else "")
            table.add_row(link, a.what[:25], a.owner[:9],
                          a.due_date.isoformat() if a.due_date else "", status, key=str(a.id))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._show_notes()

    def _current(self) -> str | None:
        return highlighted_key(self.query_one(DataTable))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_notes()

    def _show_notes(self) -> None:
        current = self._current()
        action = self.actions.get(current) if current else None
        if action is None:
            text = "n = new action item"
        else:
            text = action.what
            if action.carried:
                text += f"  [carried from review {action.review_id}"
                if action.origin_score is not None:
                    now = "-" if action.current_score is None else action.current_score
                    change = ("" if action.score_change is None
                              else f", {action.score_change:+d}")
                    text += f"; item score {action.origin_score} -> {now}{change}"
                text += "]"
            text += "".join(f"\n{n.at:%Y-%m-%d} {n.author}: {n.text}"
                            for n in action.notes[-3:])
        self.query_one("#notes", Static).update(text)

    @work
    async def action_new_action(self) -> None:
        consensus = self.call(self.service.consensus_scores, self.review_id) or {}
        high = self.scale.score_range.max
        ranked = sorted(self.scale.items,
                        key=lambda i: (consensus.get(i.id) if consensus.get(i.id) is not None
                                       else high + 1, i.number))
        items = [(f"{i.number} {i.name[:40]} ({consensus.get(i.id) or '-'})", i.id)
                 for i in ranked]
        principles = [(f"{p.id} {p.name}", p.id) for p in self.scale.principles]
        values: dict[str, Any] | None = await self.app.push_screen_wait(
            ActionForm(items, principles))
        if not values:
            return
        action = self.call(self.service.add_action, self.review_id, values["what"],
                           owner=values["owner"], due_date=values["due_date"],
                           item_id=values["item_id"], principle_id=values["principle_id"])
        if action is not None:
            self.post_message(ActionSaved(action.id))
            self.load()

    @work
    async def action_update_action(self) -> None:
        current = self._current()
        if current is None:
            return
        action = self.actions[current]
        values = await self.app.push_screen_wait(
            ActionUpdateForm(action.what, action.status, action.owner, action.due_date))
        if values and self.call(self.service.update_action, action.id, **values) is not None:
            self.post_message(ActionSaved(action.id))
            self.load()

    def action_mark_done(self) -> None:
        current = self._current()
        if current is not None and self.call(self.service.update_action, int(current),
                                             status="done") is not None:
            self.post_message(ActionSaved(int(current)))
            self.load()

    @on(DataTable.RowSelected)
    def _chosen(self, _event: DataTable.RowSelected) -> None:
        self.action_update_action()

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[PaletteEntry]:
        return [("action: new", self.action_new_action, "Add an action item"),
                ("action: update", self.action_update_action, "Status, owner, note"),
                ("action: mark done", self.action_mark_done, "Close the item")]
